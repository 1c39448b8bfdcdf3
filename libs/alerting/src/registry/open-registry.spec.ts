import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { openPglite } from '../db/pglite-database';
import { migrate } from '../db/migrate';
import type { Database } from '../db/database';
import { openRegistry, type OpenedRegistry } from './open-registry';
import { demoDocument } from '../testing/registry-store.contract';

/** A pino logger whose lines land in `lines`. */
function capturingLogger(lines: { level: number; msg: string }[]) {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return pino({ level: 'info' }, sink);
}

describe('openRegistry (start-up)', () => {
  let db: Database;
  const opened: OpenedRegistry[] = [];
  beforeAll(async () => {
    db = await openPglite(undefined);
    await migrate(db);
  });
  afterAll(async () => {
    for (const r of opened) await r.stop();
    await db.close();
  });

  it('seeds an empty registry as version 1, then keeps it over a different file, saying so once', async () => {
    const first = await openRegistry(db, {
      seed: { document: demoDocument(), source: 'built-in demo province' },
      logger: pino({ level: 'silent' }),
    });
    opened.push(first);
    expect(first.seeded).toBe(true);
    expect(first.holder.version).toBe(1);
    expect(first.holder.current.devices).toHaveLength(216);
    const [entry] = await first.store.history();
    expect(entry).toMatchObject({
      version: 1,
      actor: 'system:seed',
      reason: 'seeded from built-in demo province',
    });

    const other = demoDocument();
    other['users'] = [];
    const lines: { level: number; msg: string }[] = [];
    const second = await openRegistry(db, {
      seed: { document: other, source: '/etc/campus/sites.yaml', file: '/etc/campus/sites.yaml' },
      logger: capturingLogger(lines),
    });
    opened.push(second);
    expect(second.seeded).toBe(false);
    expect(second.holder.current.users.length).toBeGreaterThan(0);
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toContain('SITES_FILE /etc/campus/sites.yaml was NOT applied');
    expect(warnings[0]?.msg).toContain('npm run sites -- diff /etc/campus/sites.yaml');
  });

  it("replaces the holder's sites on every new version", async () => {
    const registry = opened[0]!;
    const seen: number[] = [];
    registry.holder.onChange((next, _previous, version) => {
      seen.push(version);
      expect(next.schoolByCode.get('2161010001')?.name).toBe('改名小学');
    });
    await registry.store.mutate({ kind: 'system', what: 'cli' }, 'rename', (doc) => {
      const cities = doc['cities'] as { counties: { schools: { name: string }[] }[] }[];
      cities[0]!.counties[0]!.schools[0]!.name = '改名小学';
      return doc;
    });
    await expect.poll(() => seen).toEqual([2]);
    expect(registry.holder.version).toBe(2);
  });
});
