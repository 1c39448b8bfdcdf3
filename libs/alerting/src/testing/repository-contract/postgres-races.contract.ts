import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@campus/test-kit';
import { AlertRepository } from '../../db/alert-repository';
import { EscalationRepository } from '../../db/escalation-repository';
import { HazardRepository } from '../../db/hazard-repository';
import { migrate } from '../../db/migrate';
import { MIGRATIONS } from '../../db/migrations';
import { openPostgres, type PostgresDatabase } from '../../db/postgres-database';
import { alertTrigger, hazardTrigger, T0 } from './rows.fixture';

/**
 * What only a multi-connection server can show: races between connections and between replicas
 * (one `Database` = one pool = one replica). Runs in a database of its own on the shared server.
 */
export function postgresRaces(serverUrl: () => string): void {
  describe('PostgreSQL concurrency', () => {
    let testDb: TestDatabase;
    let a: PostgresDatabase;
    let b: PostgresDatabase;
    beforeAll(async () => {
      testDb = await createTestDatabase(serverUrl());
      a = await openPostgres(testDb.url, { max: 5 });
      b = await openPostgres(testDb.url, { max: 5 });
      await migrate(a);
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await testDb?.drop();
    });

    it('migrates once when two replicas start at once', async () => {
      const fresh = await createTestDatabase(serverUrl());
      const replicas = await Promise.all([openPostgres(fresh.url), openPostgres(fresh.url)]);
      try {
        const reports = await Promise.all(replicas.map((db) => migrate(db)));
        // one replica applies every migration, the other finds nothing left to do
        expect(reports.map((r) => r.applied).sort()).toEqual([[], MIGRATIONS.map((m) => m.version)]);
      } finally {
        await Promise.all(replicas.map((db) => db.close()));
        await fresh.drop();
      }
    });

    it('turns 20 concurrent triggers for one key into one alert with 20 occurrences', async () => {
      const repo = new AlertRepository(a);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          repo.openOrOccur(alertTrigger({ key: 'race', at: T0 + i }), { drill: false }),
        ),
      );
      expect(results.filter((r) => r.opened)).toHaveLength(1);
      expect(new Set(results.map((r) => r.alert.id)).size).toBe(1);
      const alerts = await repo.list({ limit: 10 });
      expect(alerts.filter((x) => x.status !== 'resolved').map((x) => x.occurrences)).toEqual([20]);
      const kinds = (await repo.timeline(alerts[0]!.id)).map((i) => i.kind);
      expect(kinds.filter((k) => k === 'opened')).toHaveLength(1);
      expect(kinds.filter((k) => k === 'occurred')).toHaveLength(19);
    });

    it('turns concurrent reports of one hazard from two replicas into one hazard', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          new HazardRepository(i % 2 ? a : b).registerOrTouch(
            hazardTrigger({ key: 'hz-race', at: T0 + i }),
            T0 + 1e8,
          ),
        ),
      );
      expect(results.filter((r) => r.registered)).toHaveLength(1);
      expect(Math.max(...results.map((r) => r.hazard.occurrences ?? 0))).toBe(10);
    });

    it('lets two replicas claiming concurrently take each of 50 due timers exactly once', async () => {
      const alerts = new AlertRepository(a);
      const ids: string[] = [];
      for (let i = 0; i < 50; i++) {
        const { alert } = await alerts.openOrOccur(alertTrigger({ key: `claim-${i}`, at: T0 }), {
          drill: false,
        });
        await new EscalationRepository(a).schedule(
          alert.id,
          [{ level: 'school', afterSeconds: 0, channels: ['sms'] }],
          T0,
        );
        ids.push(alert.id);
      }
      const claim = async (db: PostgresDatabase, owner: string): Promise<string[]> => {
        const repo = new EscalationRepository(db);
        const mine: string[] = [];
        for (;;) {
          const batch = await Promise.all([1, 2].map(() => repo.claimDue(T0 + 1000, owner, 3, 60_000)));
          const got = batch.flat();
          if (got.length === 0) return mine;
          for (const e of got) expect(e.claimedBy).toBe(owner);
          mine.push(...got.map((e) => e.alertId));
        }
      };
      const [byA, byB] = await Promise.all([claim(a, 'replica-a'), claim(b, 'replica-b')]);
      const all = [...byA, ...byB];
      expect(all).toHaveLength(50);
      expect(new Set(all)).toEqual(new Set(ids));
      expect(byA.length).toBeGreaterThan(0);
      expect(byB.length).toBeGreaterThan(0);
    });
  });
}
