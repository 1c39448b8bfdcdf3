import type { OrgPath, Severity } from '@campus/device-protocols';
import { describe, expect, it } from 'vitest';
import { AlertRepository } from '../../db/alert-repository';
import { alertTrigger, FAR, hazardTrigger, NEIGHBOUR, ORG, T0 } from './rows.fixture';
import type { Database } from '../../db/database';
import { HazardRepository } from '../../db/hazard-repository';
import { toIso } from '../../db/sql-values';
import { percentile } from '../../reports/report-math';
import { ReportRepository, type ReportQuery } from '../../db/report-repository';

const DAY = 86_400_000;
const FROM = T0 - 30 * DAY;
const TO = T0;
let seq = 0;

/**
 * The report's SQL on every backend: grouping by child unit, the total row (org null), and the
 * nearest-rank percentiles agreeing with the pure `percentile`.
 */
export function reportQueriesContract(db: () => Database): void {
  const queries = () => new ReportRepository(db());
  const q = (orgUnit: string, childLevel: ReportQuery['childLevel']): ReportQuery => ({
    orgUnit,
    childLevel,
    from: FROM,
    to: TO,
    now: T0,
  });

  /** An alert of `org` opened at `at`, acknowledged `ackAfterS` seconds later (unless null). */
  async function alert(
    org: OrgPath,
    at: number,
    ackAfterS: number | null,
    over: { type?: string; severity?: Severity; drill?: boolean } = {},
  ): Promise<void> {
    seq += 1;
    const repo = new AlertRepository(db());
    const { alert: a } = await repo.openOrOccur(
      alertTrigger({
        key: `report:${seq}`,
        org,
        at,
        type: over.type ?? 'smoke',
        severity: over.severity ?? 'high',
      }),
      { drill: over.drill ?? false },
    );
    if (ackAfterS !== null) await repo.acknowledge(a.id, 'guard', undefined, at + ackAfterS * 1000);
  }

  describe('ReportRepository', () => {
    it('counts alerts of the period by child, type, severity and drill', async () => {
      await alert(ORG, FROM, null);
      await alert(ORG, FROM + 1, null, { type: 'gas', severity: 'critical' });
      await alert(ORG, FROM + 2, null, { drill: true });
      await alert(NEIGHBOUR, TO - 1, null);
      await alert(FAR, FROM + 3, null);
      await alert(ORG, FROM - 1, null); // before the period
      await alert(ORG, TO, null); // `to` is exclusive
      const byCity = await queries().alertCounts(q(ORG.province, 'city'));
      const key = (r: {
        org: string | null;
        type: string;
        severity: string;
        drill: boolean;
        count: number;
      }) => `${r.org}/${r.type}/${r.severity}/${r.drill}=${r.count}`;
      expect(byCity.map(key).sort()).toEqual([
        '610100/gas/critical/false=1',
        '610100/smoke/high/false=2',
        '610100/smoke/high/true=1',
        '610200/smoke/high/false=1',
      ]);
      const byCounty = await queries().alertCounts(q(ORG.city, 'county'));
      expect(byCounty.map(key).sort()).toEqual([
        '610113/gas/critical/false=1',
        '610113/smoke/high/false=1',
        '610113/smoke/high/true=1',
        '610116/smoke/high/false=1',
      ]);
      const school = await queries().alertCounts(q(ORG.school, null));
      expect(school.map(key).sort()).toEqual([
        'null/gas/critical/false=1',
        'null/smoke/high/false=1',
        'null/smoke/high/true=1',
      ]);
    });

    it('gives the nearest-rank median and p90 of time to acknowledge per child and in total', async () => {
      const city = [110, 10, 100, 20, 90, 30, 80, 40, 70, 50, 60]; // 11 values: median 60, p90 100
      for (const [i, s] of city.entries()) await alert(i % 2 ? NEIGHBOUR : ORG, FROM + i * 1000, s);
      await alert(FAR, FROM, 5);
      await alert(ORG, FROM, 1, { drill: true }); // drills are left out
      await alert(ORG, FROM, null); // not acknowledged
      await alert(ORG, FROM - DAY, 1); // before the period
      const rows = await queries().ackStats(q(ORG.province, 'city'));
      const by = (org: string | null) => rows.find((r) => r.org === org);
      expect(rows).toHaveLength(3);
      expect(by('610100')).toEqual({ org: '610100', count: 11, medianSeconds: 60, p90Seconds: 100 });
      expect(by('610200')).toEqual({ org: '610200', count: 1, medianSeconds: 5, p90Seconds: 5 });
      const all = [...city, 5];
      expect(by(null)).toEqual({
        org: null,
        count: 12,
        medianSeconds: percentile(all, 50),
        p90Seconds: percentile(all, 90),
      });
      expect(by(null)).toMatchObject({ medianSeconds: 50, p90Seconds: 100 });
      // one county: ORG's 6 values (even positions) → 60, 70, 80, 90, 100, 110; the drill left out
      const county = await queries().ackStats(q(ORG.county, 'school'));
      expect(county.find((r) => r.org === ORG.school)).toMatchObject({
        count: 6,
        medianSeconds: 80,
        p90Seconds: 110,
      });
      expect(await queries().ackStats(q(ORG.school, null))).toEqual([
        { org: null, count: 6, medianSeconds: 80, p90Seconds: 110 },
      ]);
    });

    it('keeps millisecond precision and counts a negative time (device clock ahead) as 0', async () => {
      await alert(ORG, FROM, 1.5);
      await alert(ORG, FROM + 10_000, -3);
      expect(await queries().ackStats(q(ORG.school, null))).toEqual([
        { org: null, count: 2, medianSeconds: 0, p90Seconds: 1.5 },
      ]);
    });

    it('answers an empty period with no rows, or zero totals', async () => {
      expect(await queries().ackStats(q(ORG.province, 'city'))).toEqual([]);
      const alerts = await queries().alertCounts(q(ORG.province, 'city'));
      expect(alerts).toEqual([]);
    });

    it('counts devices online and offline now, per child and in total', async () => {
      const put = (device: string, org: OrgPath, online: boolean | null) =>
        db().query(
          `INSERT INTO alerting.device_state (device, province, city, county, school, kind, online, updated_at)
           VALUES ($1, $2, $3, $4, $5, 'camera', $6, $7)`,
          [device, org.province, org.city, org.county, org.school, online, toIso(T0)],
        );
      await put('d1', ORG, true);
      await put('d2', ORG, false);
      await put('d3', ORG, null);
      await put('d4', NEIGHBOUR, true);
      await put('d5', FAR, false);
      const rows = await queries().deviceCounts(q(ORG.province, 'city'));
      expect(rows.sort((a, b) => String(a.org).localeCompare(String(b.org)))).toEqual([
        { org: '610100', online: 2, offline: 1 },
        { org: '610200', online: 0, offline: 1 },
        { org: null, online: 2, offline: 2 },
      ]);
      expect(await queries().deviceCounts(q(ORG.school, null))).toEqual([
        { org: null, online: 1, offline: 1 },
      ]);
      expect(await queries().deviceCounts(q('2161019999', null))).toEqual([
        { org: null, online: 0, offline: 0 },
      ]);
    });

    it('applies the bridge rule: an offline bridge takes its devices, a silent camera follows its bridge', async () => {
      const put = (device: string, online: boolean | null) =>
        db().query(
          `INSERT INTO alerting.device_state (device, province, city, county, school, kind, online, updated_at)
           VALUES ($1, $2, $3, $4, $5, 'camera', $6, $7)`,
          [device, ORG.province, ORG.city, ORG.county, ORG.school, online, toIso(T0)],
        );
      await put('nvr-up', true);
      await put('nvr-down', false);
      await put('cam-says-online', true); // behind nvr-down: offline
      await put('cam-says-offline', false); // behind nvr-up: its own word
      // cam-silent (behind nvr-up) and cam-dark (behind nvr-down) have no rows of their own
      const bridged = [
        { device: 'cam-says-online', bridge: 'nvr-down' },
        { device: 'cam-says-offline', bridge: 'nvr-up' },
        { device: 'cam-silent', bridge: 'nvr-up' },
        { device: 'cam-dark', bridge: 'nvr-down' },
      ];
      expect(await queries().deviceCounts(q(ORG.school, null), bridged)).toEqual([
        // online: nvr-up, cam-silent; offline: nvr-down, cam-says-online, cam-says-offline, cam-dark
        { org: null, online: 2, offline: 4 },
      ]);
      expect(await queries().deviceCounts(q(ORG.school, null))).toEqual([
        { org: null, online: 2, offline: 2 },
      ]);
    });

    it('counts hazards registered in the period, closed ones, and every overdue one now', async () => {
      const repo = new HazardRepository(db());
      const reg = async (key: string, org: OrgPath, at: number, deadline: number) =>
        (await repo.registerOrTouch(hazardTrigger({ key, org, at }), deadline)).hazard;
      const closed = await reg('closed', ORG, FROM + DAY, FROM + 2 * DAY);
      await repo.transition(closed.id, { from: 'registered', to: 'closed', by: 'admin' });
      await reg('open-late', ORG, FROM + DAY, T0 - DAY); // in the period, overdue
      await reg('open-fine', NEIGHBOUR, FROM + DAY, T0 + DAY); // in the period, not overdue
      await reg('old-late', ORG, FROM - 10 * DAY, FROM - DAY); // before the period, overdue now
      await reg('old-closed', FAR, FROM - 10 * DAY, FROM); // before the period …
      const oldClosed = await repo.list({ orgUnit: FAR.school });
      await repo.transition(oldClosed[0]?.id ?? '', { from: 'registered', to: 'closed', by: 'admin' });
      await reg('far-new', FAR, TO - 1, TO + DAY);
      const rows = await queries().hazardCounts(q(ORG.city, 'county'));
      const by = (org: string | null) => rows.find((r) => r.org === org);
      expect(by('610113')).toEqual({ org: '610113', total: 2, closed: 1, overdue: 2 });
      expect(by('610116')).toEqual({ org: '610116', total: 1, closed: 0, overdue: 0 });
      expect(by(null)).toEqual({ org: null, total: 3, closed: 1, overdue: 2 });
      expect(rows).toHaveLength(3);
      const province = await queries().hazardCounts(q(ORG.province, 'city'));
      expect(province.find((r) => r.org === null)).toEqual({ org: null, total: 4, closed: 1, overdue: 2 });
      expect(province.find((r) => r.org === '610200')).toEqual({
        org: '610200',
        total: 1,
        closed: 0,
        overdue: 0,
      });
    });

    it('refuses a child level that is not a column it knows', async () => {
      await expect(queries().alertCounts(q(ORG.province, 'street' as 'city'))).rejects.toThrow(
        /unknown child level/,
      );
    });
  });
}
