import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reading, event } from '../testing/stored-message.fixture';
import { EmbeddedTimeSeriesSink } from './embedded-sink';
import { describeTimeSeriesSinkContract, expectPurgeKeepsRecent } from '../testing/time-series-sink.contract';

// Opening PGlite takes seconds (initdb in WASM): one instance for the file, shared like the platform does.
let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create();
}, 60_000);
afterAll(async () => {
  await db.close();
});

describeTimeSeriesSinkContract('embedded', async () => {
  const sink = new EmbeddedTimeSeriesSink(db);
  return { sink, cleanup: () => sink.close() };
});

describe('EmbeddedTimeSeriesSink', { timeout: 60_000 }, () => {
  test('purgeOlderThan deletes rows older than the retention from every table, and only those', async () => {
    const sink = new EmbeddedTimeSeriesSink(db);
    await sink.init();
    await expectPurgeKeepsRecent(sink);
    await sink.close();
    expect(db.closed).toBe(false); // a shared instance stays open: its caller owns it
  });

  test('event data with a NUL character is stored (as U+FFFD), not refused by jsonb', async () => {
    const sink = new EmbeddedTimeSeriesSink(db);
    await sink.init();
    const data = { s: 'a\u0000b', path: 'C:\\u0000' };
    await sink.write([event('nul-1', 5_000, 'fault', data)]);
    const [stored] = await sink.queryEvents({ device: 'nul-1', from: 5_000, to: 5_000 });
    expect(stored?.data).toEqual({ s: 'a\ufffdb', path: 'C:\\u0000' });
  });

  test('open(dir) persists to disk: data is there after closing and reopening', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'campus-embedded-'));
    const dataDir = join(dir, 'ts');
    try {
      // Seeding the dir from the shared instance's files is faster than a fresh initdb on disk.
      const seed = await PGlite.create({ dataDir, loadDataDir: await db.dumpDataDir('none') });
      await seed.close();
      const first = await EmbeddedTimeSeriesSink.open(dataDir);
      await first.init();
      await first.write([reading('disk-1', 1_000, { v: 42 })]);
      await first.close();
      const second = await EmbeddedTimeSeriesSink.open(dataDir);
      await second.init();
      expect(await second.queryTelemetry({ device: 'disk-1', metric: 'v', from: 0, to: 2_000 })).toEqual([
        { ts: 1_000, value: 42 },
      ]);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
