import type { OrgPath, Severity } from '@campus/device-protocols';
import { describe, expect, it } from 'vitest';
import { AlertRepository } from '../../db/alert-repository';
import type { Database } from '../../db/database';
import { OverviewRepository, type OverviewQuery } from '../../db/overview-repository';
import { toIso } from '../../db/sql-values';
import { alertTrigger, FAR, NEIGHBOUR, ORG, T0 } from './rows.fixture';

const DAY = 86_400_000;
/** T0 is 18:00 in Shanghai (2026-11-28); the local day began at 2026-11-27T16:00Z. */
const TZ = 'Asia/Shanghai';
const TODAY_START = Date.parse('2026-11-27T16:00:00.000Z');
let seq = 0;

/**
 * The overview's SQL on every backend (GET /api/overview, docs/alerting.md "Overview"): grouping
 * by school, the local day and month in the province's time zone, what counts as an alarm
 * (neither drills nor device_offline), and the alerts escalated to a level.
 */
export function overviewQueriesContract(db: () => Database): void {
  const queries = () => new OverviewRepository(db());
  const q = (orgUnit: string): OverviewQuery => ({ orgUnit, now: T0, timeZone: TZ });

  async function alarm(
    org: OrgPath,
    at: number,
    over: {
      type?: string;
      severity?: Severity;
      drill?: boolean;
      ackAfterS?: number;
      resolve?: boolean;
      level?: 'county' | 'city';
    } = {},
  ): Promise<string> {
    seq += 1;
    const repo = new AlertRepository(db());
    const { alert } = await repo.openOrOccur(
      alertTrigger({
        key: `overview:${seq}`,
        org,
        at,
        type: over.type ?? 'smoke',
        severity: over.severity ?? 'high',
      }),
      { drill: over.drill ?? false },
    );
    if (over.level) await repo.setLevel(alert.id, over.level);
    if (over.ackAfterS !== undefined)
      await repo.acknowledge(alert.id, 'guard', undefined, at + over.ackAfterS * 1000);
    if (over.resolve) await repo.resolve(alert.id, 'guard', 'genuine', undefined, at + 3_600_000);
    return alert.id;
  }

  async function hazard(org: OrgPath, state: string, deadline: number): Promise<void> {
    seq += 1;
    await db().query(
      `INSERT INTO alerting.hazards (id, key, source, title, grade, state, province, city, county, school,
         deadline, registered_at, last_seen_at)
       VALUES ($1, $1, 'manual', 't', 'general', $2, $3, $4, $5, $6, $7, $8, $8)`,
      [
        `hz-${seq}`,
        state,
        org.province,
        org.city,
        org.county,
        org.school,
        toIso(deadline),
        toIso(T0 - 10 * DAY),
      ],
    );
  }

  async function riskPoint(org: OrgPath, grade: string): Promise<void> {
    seq += 1;
    await db().query(
      `INSERT INTO alerting.risk_points (id, province, city, county, school, name, grade, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'p', $6, 'admin', $7)`,
      [`rp-${seq}`, org.province, org.city, org.county, org.school, grade, toIso(T0)],
    );
  }

  async function inspection(org: OrgPath, at: number): Promise<void> {
    seq += 1;
    await db().query(
      `INSERT INTO alerting.inspections
         (id, province, city, county, school, inspector, inspector_org, status, started_at, number_year, number_seq)
       VALUES ($1, $2, $3, $4, $5, 'officer', $4, 'completed', $6, $7, $8)`,
      [
        `in-${seq}`,
        org.province,
        org.city,
        org.county,
        org.school,
        toIso(at),
        new Date(at).getUTCFullYear(),
        seq,
      ],
    );
  }

  describe('OverviewRepository', () => {
    it('counts live alarms per school: unacknowledged, acknowledged, severity, escalation; not drills, not device_offline', async () => {
      await alarm(ORG, T0 - 3 * DAY, { severity: 'critical', level: 'city' });
      await alarm(ORG, T0 - 60_000, { ackAfterS: 30 });
      await alarm(ORG, T0 - 120_000, { ackAfterS: 90, severity: 'medium' });
      await alarm(ORG, T0 - 3 * DAY, { resolve: true, severity: 'critical' });
      await alarm(ORG, T0, { drill: true, severity: 'critical' });
      await alarm(ORG, T0, { type: 'device_offline', severity: 'low' });
      await alarm(NEIGHBOUR, T0, { severity: 'low' });
      await alarm(FAR, T0);

      const county = await queries().schoolAlarms(q(ORG.county));
      expect(county).toEqual([
        {
          school: ORG.school,
          unacknowledged: 1,
          acknowledged: 2,
          severityRank: 4,
          escalated: 1,
          levelRank: 3,
          ackTodayMedianSeconds: 60,
        },
      ]);
      const city = await queries().schoolAlarms(q(ORG.city));
      expect(city.map((r) => r.school).sort()).toEqual([ORG.school, NEIGHBOUR.school].sort());
      expect(city.find((r) => r.school === NEIGHBOUR.school)).toMatchObject({
        unacknowledged: 1,
        severityRank: 1,
        levelRank: 1,
        escalated: 0,
        ackTodayMedianSeconds: null,
      });
    });

    it('a school whose alarms are all resolved today has no live alarm but keeps today’s acknowledgement time', async () => {
      await alarm(ORG, T0 - 600_000, { ackAfterS: 20, resolve: true });
      expect(await queries().schoolAlarms(q(ORG.county))).toEqual([
        {
          school: ORG.school,
          unacknowledged: 0,
          acknowledged: 0,
          severityRank: null,
          escalated: 0,
          levelRank: null,
          ackTodayMedianSeconds: 20,
        },
      ]);
    });

    it('counts alarms per local day of the province for the last 7 days', async () => {
      await alarm(ORG, T0);
      await alarm(ORG, T0 - 60_000, { ackAfterS: 10 });
      await alarm(ORG, TODAY_START - 1); // 23:59:59 yesterday, local
      await alarm(ORG, TODAY_START - 6 * DAY); // the first of the 7 days
      await alarm(ORG, TODAY_START - 6 * DAY - 1); // before them
      await alarm(ORG, T0, { drill: true });
      await alarm(FAR, T0);
      expect(await queries().alarmDays(q(ORG.county))).toEqual([
        { day: '2026-11-22', opened: 1, acknowledged: 0, waiting: 1 },
        { day: '2026-11-27', opened: 1, acknowledged: 0, waiting: 1 },
        { day: '2026-11-28', opened: 2, acknowledged: 1, waiting: 1 },
      ]);
    });

    it('counts unclosed hazards and the overdue ones per school', async () => {
      await hazard(ORG, 'registered', T0 - DAY);
      await hazard(ORG, 'rectifying', T0 + DAY);
      await hazard(ORG, 'closed', T0 - DAY);
      await hazard(FAR, 'registered', T0 - DAY);
      expect(await queries().schoolHazards(q(ORG.county))).toEqual([
        { school: ORG.school, open: 2, overdue: 1 },
      ]);
    });

    it('takes the highest risk-point grade per school', async () => {
      await riskPoint(ORG, 'blue');
      await riskPoint(ORG, 'orange');
      await riskPoint(NEIGHBOUR, 'yellow');
      const rows = await queries().schoolRisk(q(ORG.province));
      expect(rows.sort((a, b) => a.school.localeCompare(b.school))).toEqual(
        [
          { school: ORG.school, gradeRank: 3 },
          { school: NEIGHBOUR.school, gradeRank: 2 },
        ].sort((a, b) => a.school.localeCompare(b.school)),
      );
    });

    it('counts inspections of this local month and the last one per school', async () => {
      // 2026-11-01 00:00 in Shanghai is 2026-10-31T16:00Z
      await inspection(ORG, Date.parse('2026-10-31T16:00:00.000Z'));
      await inspection(ORG, Date.parse('2026-10-31T15:59:59.000Z'));
      await inspection(NEIGHBOUR, Date.parse('2026-10-01T00:00:00.000Z'));
      const rows = await queries().schoolInspections(q(ORG.city));
      expect(rows.find((r) => r.school === ORG.school)).toEqual({
        school: ORG.school,
        thisMonth: 1,
        lastAt: '2026-10-31T16:00:00.000Z',
      });
      expect(rows.find((r) => r.school === NEIGHBOUR.school)).toEqual({
        school: NEIGHBOUR.school,
        thisMonth: 0,
        lastAt: '2026-10-01T00:00:00.000Z',
      });
    });

    it('lists open alerts escalated to a level or above, oldest first, with the count of all', async () => {
      const old = await alarm(ORG, T0 - 2 * DAY, { level: 'county', severity: 'critical' });
      const newer = await alarm(NEIGHBOUR, T0 - DAY, { level: 'city' });
      await alarm(ORG, T0 - 3 * DAY, { level: 'county', ackAfterS: 10 }); // acknowledged
      await alarm(ORG, T0 - 3 * DAY); // not escalated
      await alarm(ORG, T0 - 3 * DAY, { level: 'county', drill: true });
      await alarm(FAR, T0 - 3 * DAY, { level: 'city' }); // elsewhere

      const county = await queries().escalatedTo(q(ORG.city), 'county');
      expect(county.map((r) => r.id)).toEqual([old, newer]);
      expect(county[0]).toMatchObject({
        severity: 'critical',
        level: 'county',
        school: ORG.school,
        openedAt: new Date(T0 - 2 * DAY).toISOString(),
        total: 2,
      });
      expect((await queries().escalatedTo(q(ORG.city), 'city')).map((r) => r.id)).toEqual([newer]);
      const firstOnly = await queries().escalatedTo(q(ORG.city), 'county', 1);
      expect(firstOnly.map((r) => [r.id, r.total])).toEqual([[old, 2]]);
    });
  });
}
