import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../sinks/series-point';
import { OutboxJournal } from './outbox-journal';

const org = { province: '610000', city: '610100', county: '610113', school: '2161010001' };
const reading = (i: number): StoredMessage => ({
  message: { kind: 'reading', device: 'd', ts: 1_764_300_000_000 + i, metrics: { v: i } },
  org,
  deviceKind: 'temperature_sensor',
});
const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => reading(from + i));

describe('OutboxJournal', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'journal-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps batches in order across a reopen, with depth and bytes', async () => {
    const journal = await OutboxJournal.open(dir, 1 << 20);
    await journal.append(batch(0, 3));
    await journal.append(batch(3, 2));
    expect(journal.depth).toBe(5);

    const reopened = await OutboxJournal.open(dir, 1 << 20);
    expect(reopened.depth).toBe(5);
    expect(reopened.bytes).toBe(journal.bytes);
    expect(await reopened.read(reopened.oldest()!)).toEqual(batch(0, 3));
    await reopened.removeOldest();
    expect(await reopened.read(reopened.oldest()!)).toEqual(batch(3, 2));
    await reopened.append(batch(5, 1));
    await reopened.removeOldest();
    expect(await reopened.read(reopened.oldest()!)).toEqual(batch(5, 1));
    await reopened.removeOldest();
    expect(reopened.isEmpty).toBe(true);
    expect(reopened.depth).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('discards a batch whose write never finished (it was never acknowledged)', async () => {
    const journal = await OutboxJournal.open(dir, 1 << 20);
    await journal.append(batch(0, 2));
    await writeFile(join(dir, '000000000002-7.ndjson.tmp'), 'half a line');
    const reopened = await OutboxJournal.open(dir, 1 << 20);
    expect(reopened.depth).toBe(2);
    expect(await readdir(dir)).toEqual(['000000000001-2.ndjson']);
  });

  it('reports overflow at its bound but always takes one batch when empty', async () => {
    const one = OutboxJournal.encode(batch(0, 10)).length;
    const journal = await OutboxJournal.open(dir, one + 10);
    expect(journal.wouldOverflow(one * 5)).toBe(false); // empty: never wedge on one big batch
    await journal.append(batch(0, 10));
    expect(journal.wouldOverflow(one)).toBe(true);
    expect(journal.wouldOverflow(5)).toBe(false);
  });
});
