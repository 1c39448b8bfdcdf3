import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAR, iso, NEIGHBOUR, ORG, T0 } from './repository-contract/rows.fixture';
import { DatabaseQueryError, type Database } from '../db/database';
import { migrate } from '../db/migrate';
import type { AuditAction, AuditOutcome } from '../domain/audit';
import { AuditRepository, type AuditOrgPath, type NewAuditEntry } from '../db/audit-repository';

const DAY = 86_400_000;
const schoolPath = (o: typeof ORG): AuditOrgPath => ({ ...o });

function entry(over: Partial<NewAuditEntry> & { at: number }): NewAuditEntry {
  return {
    actor: 'yanta',
    action: 'alert.acknowledge' as AuditAction,
    target: 'alert:a1',
    ip: '10.0.0.7',
    outcome: 'ok' as AuditOutcome,
    org: ORG.school,
    path: schoolPath(ORG),
    detail: {},
    ...over,
  };
}

/**
 * The contract of AuditRepository (`alerting.audit_log`), run against whatever `open` returns: its
 * own database, migrated. Entries cannot be deleted between tests (that is the point), so each
 * test works in a day of its own and reads that day only.
 */
export function auditContract(name: string, open: () => Promise<Database>): void {
  describe(`AuditRepository on ${name}`, () => {
    let db: Database | undefined;
    const current = (): Database => {
      if (!db) throw new Error('the contract database is not open: did beforeAll fail?');
      return db;
    };
    const repo = (): AuditRepository => new AuditRepository(current());
    beforeAll(async () => {
      db = await open();
      await migrate(db);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('appends entries and reads them back newest first, every field, ties in insertion order', async () => {
      const t = T0 + 1 * DAY;
      const first = await repo().append(
        entry({ at: t, detail: { from: 'registered', to: 'rectifying', n: 1, nested: { ok: true } } }),
      );
      expect(first).toEqual({
        seq: expect.any(Number),
        at: iso(t),
        actor: 'yanta',
        action: 'alert.acknowledge',
        target: 'alert:a1',
        ip: '10.0.0.7',
        outcome: 'ok',
        org: ORG.school,
        detail: { from: 'registered', to: 'rectifying', n: 1, nested: { ok: true } },
      });
      const same = await repo().append(entry({ at: t, actor: 'xian', target: null, ip: null }));
      const later = await repo().append(entry({ at: t + 1000, actor: 'root', org: null, path: {} }));
      const read = await repo().query({ from: t, to: t + DAY });
      expect(read.map((e) => e.seq)).toEqual([later.seq, same.seq, first.seq]);
      expect(read[1]).toMatchObject({ actor: 'xian', target: null, ip: null });
      expect(read[0]).toMatchObject({ org: null, detail: {} });
    });

    it('filters by time, actor, actions, target and outcome', async () => {
      const t = T0 + 2 * DAY;
      await repo().append(entry({ at: t, actor: 'guard1', action: 'alert.resolve', target: 'alert:x' }));
      await repo().append(entry({ at: t + 10, actor: 'yanta', action: 'hazard.accept', target: 'hazard:h' }));
      await repo().append(
        entry({
          at: t + 20,
          actor: 'yanta',
          action: 'access.denied',
          target: 'GET /api/x',
          outcome: 'denied',
        }),
      );
      await repo().append(entry({ at: t + 30, actor: 'head1', action: 'drill.start', target: 'drill:d' }));
      const day = { from: t, to: t + DAY };
      const actors = async (q: Parameters<AuditRepository['query']>[0]) =>
        (await repo().query({ ...day, ...q })).map((e) => `${e.actor} ${e.action}`);
      expect(await actors({ actor: 'yanta' })).toEqual(['yanta access.denied', 'yanta hazard.accept']);
      expect(await actors({ actions: ['alert.resolve', 'drill.start'] })).toEqual([
        'head1 drill.start',
        'guard1 alert.resolve',
      ]);
      expect(await actors({ actions: [] })).toEqual([]);
      expect(await actors({ target: 'hazard:h' })).toEqual(['yanta hazard.accept']);
      expect(await actors({ outcome: 'denied' })).toEqual(['yanta access.denied']);
      // [from, to): the bounds
      expect(await actors({ from: t + 10, to: t + 30 })).toEqual([
        'yanta access.denied',
        'yanta hazard.accept',
      ]);
    });

    it('scopes by org unit: a unit sees its own entries and those below it, never beside or above', async () => {
      const t = T0 + 3 * DAY;
      await repo().append(entry({ at: t, actor: 'at-school', org: ORG.school, path: schoolPath(ORG) }));
      await repo().append(
        entry({
          at: t + 1,
          actor: 'at-county',
          org: ORG.county,
          path: { province: ORG.province, city: ORG.city, county: ORG.county },
        }),
      );
      await repo().append(
        entry({ at: t + 2, actor: 'neighbour', org: NEIGHBOUR.school, path: schoolPath(NEIGHBOUR) }),
      );
      await repo().append(entry({ at: t + 3, actor: 'far', org: FAR.school, path: schoolPath(FAR) }));
      await repo().append(
        entry({
          at: t + 4,
          actor: 'at-city',
          org: ORG.city,
          path: { province: ORG.province, city: ORG.city },
        }),
      );
      await repo().append(entry({ at: t + 5, actor: 'no-org', org: null, path: {} }));
      const seen = async (orgUnit?: string) =>
        (await repo().query({ from: t, to: t + DAY, ...(orgUnit === undefined ? {} : { orgUnit }) }))
          .map((e) => e.actor)
          .sort();
      expect(await seen(ORG.school)).toEqual(['at-school']);
      expect(await seen(ORG.county)).toEqual(['at-county', 'at-school']);
      expect(await seen(ORG.city)).toEqual(['at-city', 'at-county', 'at-school', 'neighbour']);
      expect(await seen(ORG.province)).toEqual(['at-city', 'at-county', 'at-school', 'far', 'neighbour']);
      expect(await seen()).toEqual(['at-city', 'at-county', 'at-school', 'far', 'neighbour', 'no-org']);
    });

    it('pages newest first with a cursor, entries of the same instant included', async () => {
      const t = T0 + 4 * DAY;
      const written = [];
      for (let i = 0; i < 5; i++)
        written.push(await repo().append(entry({ at: t + (i < 3 ? 0 : i), actor: `p${i}` })));
      const day = { from: t, to: t + DAY };
      const first = await repo().query({ ...day, limit: 2 });
      expect(first.map((e) => e.actor)).toEqual(['p4', 'p3']);
      const last = first.at(-1)!;
      const second = await repo().query({ ...day, limit: 2, after: { at: last.at, seq: last.seq } });
      expect(second.map((e) => e.actor)).toEqual(['p2', 'p1']);
      const end = second.at(-1)!;
      const third = await repo().query({ ...day, limit: 2, after: { at: end.at, seq: end.seq } });
      expect(third.map((e) => e.actor)).toEqual(['p0']);
      expect(written).toHaveLength(5);
    });

    it('appends a burst in one statement, in the order given, every field kept', async () => {
      const t = T0 + 6 * DAY;
      const burst = Array.from({ length: 30 }, (_, i) =>
        entry({
          at: t,
          actor: `burst-${i}`,
          target: i % 2 === 0 ? null : `alert:${i}`,
          detail: { i, note: 'a\'b"c' },
        }),
      );
      const written = await repo().appendMany(burst);
      expect(written.map((e) => e.actor)).toEqual(burst.map((e) => e.actor));
      expect(written.map((e) => e.seq)).toEqual([...written.map((e) => e.seq)].sort((a, b) => a - b));
      expect(written[1]).toMatchObject({ target: 'alert:1', detail: { i: 1, note: 'a\'b"c' } });
      // read back newest first: same instant, so reverse insertion order
      const read = await repo().query({ from: t, to: t + 1, limit: 100 });
      expect(read.map((e) => e.actor)).toEqual(burst.map((e) => e.actor).reverse());
      expect(await repo().appendMany([])).toEqual([]);
    });

    it('has no update or delete path, and the database refuses UPDATE, DELETE and TRUNCATE', async () => {
      const methods = Object.getOwnPropertyNames(AuditRepository.prototype).filter(
        (m) => m !== 'constructor',
      );
      expect(methods.sort()).toEqual(['append', 'appendMany', 'query']);
      const t = T0 + 5 * DAY;
      const kept = await repo().append(entry({ at: t, actor: 'keep-me', detail: { n: 1 } }));
      for (const sql of [
        `UPDATE alerting.audit_log SET actor = 'someone-else' WHERE seq = ${kept.seq}`,
        `UPDATE alerting.audit_log SET detail = '{}'::jsonb`,
        `DELETE FROM alerting.audit_log WHERE seq = ${kept.seq}`,
        'DELETE FROM alerting.audit_log',
        'TRUNCATE alerting.audit_log',
      ]) {
        const error = await current()
          .query(sql)
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(error, sql).toBeInstanceOf(DatabaseQueryError);
        expect((error as DatabaseQueryError).code, sql).toBe('42501');
        expect((error as Error).message, sql).toMatch(/audit_log is append-only/);
      }
      const after = await repo().query({ from: t, to: t + DAY });
      expect(after).toEqual([kept]);
    });

    it('refuses an action name that is not dotted, and an unknown outcome', async () => {
      const t = T0 + 6 * DAY;
      await expect(repo().append(entry({ at: t, action: 'DROP TABLE' as AuditAction }))).rejects.toThrow(
        DatabaseQueryError,
      );
      await expect(repo().append(entry({ at: t, outcome: 'maybe' as AuditOutcome }))).rejects.toThrow(
        DatabaseQueryError,
      );
    });
  });
}
