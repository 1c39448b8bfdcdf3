import type { OrgPath, Severity } from '@campus/device-protocols';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SCHOOL_A,
  SCHOOL_B,
  alertTrigger,
  hazardTrigger,
  startAlertingHttp,
  type AlertingHttp,
} from '../testing/alerting-http.fixture';
import { AlertRepository } from '../db/alert-repository';
import { toIso } from '../db/sql-values';
import type { Hazard } from '../domain/hazard';
import { localDate } from '../rules/local-calendar';
import { BOM } from './csv';
import type { Report, ReportRow } from '../domain/report';

let t: AlertingHttp;
const DAY = 86_400_000;
const NOW = Date.now();
const FROM = NOW - 10 * DAY;
const TO = NOW;
const PERIOD = `from=${new Date(FROM).toISOString()}&to=${new Date(TO).toISOString()}`;

/** An alert opened in the period at `org`, acknowledged after `ackS` seconds (or not). */
async function alert(
  org: OrgPath,
  ackS: number | null,
  over: { type?: string; severity?: Severity; drill?: boolean; at?: number } = {},
): Promise<void> {
  const repo = t.handle.app.get(AlertRepository);
  const at = over.at ?? FROM + DAY;
  const trigger = alertTrigger({ org, at, type: over.type ?? 'smoke', severity: over.severity ?? 'high' });
  const { alert: a } = await repo.openOrOccur(trigger, { drill: over.drill ?? false });
  if (ackS !== null) await repo.acknowledge(a.id, 'guard', undefined, at + ackS * 1000);
}

async function deviceState(device: string, org: OrgPath, online: boolean | null): Promise<void> {
  await t.db.query(
    `INSERT INTO alerting.device_state (device, province, city, county, school, kind, online, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'smoke_detector', $6, $7)`,
    [device, org.province, org.city, org.county, org.school, online, toIso(NOW)],
  );
}

async function hazard(at: number): Promise<Hazard> {
  const trigger = hazardTrigger({ at });
  await t.alerts.handleTriggers([trigger]);
  const items = ((await t.as('root', '/api/hazards')).body as { items: Hazard[] }).items;
  const found = items.find((h) => h.key === trigger.key);
  if (found === undefined) throw new Error('hazard not registered');
  return found;
}

beforeAll(async () => {
  t = await startAlertingHttp();
  // School A: acknowledged after 10, 20, 30, 40 s; a drill (left out) and one never acknowledged.
  await alert(SCHOOL_A, 40, { type: 'gas', severity: 'critical' });
  await alert(SCHOOL_A, 10);
  await alert(SCHOOL_A, 30);
  await alert(SCHOOL_A, 20, { type: 'sos', severity: 'critical' });
  await alert(SCHOOL_A, 1, { drill: true });
  await alert(SCHOOL_A, null);
  await alert(SCHOOL_A, 5, { at: FROM - DAY }); // before the period
  // School B (another county, same city): 100 s.
  await alert(SCHOOL_B, 100);
  // Devices (sites file: 3 at A, 1 at B): A online, offline, never heard; B online.
  await deviceState('smk-0001', SCHOOL_A, true);
  await deviceState('sos-0001', SCHOOL_A, false);
  await deviceState('smk-0002', SCHOOL_B, true);
  // Hazards at A: one closed, one open and overdue (default deadline 7 days), one still in time.
  const closed = await hazard(FROM + DAY);
  await t.as('guard1', `/api/hazards/${closed.id}/transition`, { body: { to: 'rectifying' } });
  await t.as('guard1', `/api/hazards/${closed.id}/transition`, { body: { to: 'awaiting_acceptance' } });
  await t.as('head1', `/api/hazards/${closed.id}/transition`, { body: { to: 'closed' } });
  await hazard(FROM + DAY);
  await hazard(NOW - DAY);
});
afterAll(() => t.close());

const report = async (user: string, query: string): Promise<Report> => {
  const res = await t.as(user, `/api/reports?${query}`);
  if (res.status !== 200)
    throw new Error(`GET /api/reports?${query} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Report;
};
const rowOf = (r: Report, org: string): ReportRow | undefined => r.rows.find((x) => x.org === org);

describe('GET /api/reports', () => {
  it('gives the province one row per city, with the seeded numbers', async () => {
    const r = await report('shaanxi', PERIOD);
    expect(r.org).toEqual({ code: '610000', name: '陕西省', level: 'province' });
    expect(r.from).toBe(new Date(FROM).toISOString());
    expect(r.rows.map((x) => [x.org, x.name, x.level])).toEqual([
      ['610100', '西安市', 'city'],
      ['610300', '宝鸡市', 'city'],
    ]);
    const xian = rowOf(r, '610100');
    expect(xian).toMatchObject({
      alerts: {
        total: 6,
        drills: 1,
        byType: { gas: 1, smoke: 4, sos: 1 },
        bySeverity: { critical: 2, high: 4, medium: 0, low: 0 },
      },
      // 10, 20, 30, 40, 100: median = rank 3 → 30; p90 = rank ⌈4.5⌉ = 5 → 100
      ack: { count: 5, medianSeconds: 30, p90Seconds: 100 },
      devices: { total: 4, online: 2, offline: 1, unknown: 1, onlineRate: 2 / 3 },
      hazards: { total: 3, closed: 1, closureRate: 1 / 3, overdue: 1 },
    });
    expect(rowOf(r, '610300')).toMatchObject({
      alerts: { total: 0, drills: 0, byType: {} },
      ack: { count: 0, medianSeconds: null, p90Seconds: null },
      devices: { total: 0, onlineRate: null },
      hazards: { total: 0, closureRate: null },
    });
    expect({ ...r.total, org: '610100', name: '西安市', level: 'city' }).toEqual(xian);
  });

  it('defaults to the user’s org: a county officer gets its schools, a guard the school alone', async () => {
    const county = await report('yanta', PERIOD);
    expect(county.org.code).toBe('610113');
    expect(county.rows.map((x) => x.org)).toEqual([SCHOOL_A.school]);
    // 10, 20, 30, 40: median = rank 2 → 20; p90 = rank ⌈3.6⌉ = 4 → 40
    expect(county.total.ack).toEqual({ count: 4, medianSeconds: 20, p90Seconds: 40 });
    const school = await report('guard1', PERIOD);
    expect(school.org).toEqual({ code: SCHOOL_A.school, name: '雁塔区第一小学', level: 'school' });
    expect(school.rows).toEqual([]);
    expect(school.total).toMatchObject({ alerts: { total: 5 }, devices: { total: 3, unknown: 1 } });
  });

  it('defaults to the last 30 days', async () => {
    const r = await report('xian', '');
    expect(Date.parse(r.to) - Date.parse(r.from)).toBe(30 * DAY);
    expect(Date.parse(r.to)).toBeGreaterThanOrEqual(NOW);
    expect(r.total.alerts.total).toBe(7); // the one 11 days ago counts too
  });

  it('answers 404 outside the scope and 400 for a bad period', async () => {
    expect((await t.as('yanta', '/api/reports?org=610112')).status).toBe(404);
    expect((await t.as('baoji', '/api/reports?org=610100')).status).toBe(404);
    expect((await t.as('guard2', `/api/reports?org=${SCHOOL_A.school}`)).status).toBe(404);
    expect((await t.as('yanta', '/api/reports?org=nope')).status).toBe(404);
    expect((await t.as('yanta', `/api/reports?org=${SCHOOL_A.school}`)).status).toBe(200);
    expect((await t.as('yanta', `/api/reports?from=${TO}&to=${FROM}`)).status).toBe(400);
    expect((await t.as('yanta', `/api/reports?from=${TO - 400 * DAY}&to=${TO}`)).status).toBe(400);
    expect((await t.as('yanta', '/api/reports?from=yesterday')).status).toBe(400);
    expect((await t.as('yanta', '/api/reports?from=2026-11-01T00:00:00')).status).toBe(400); // no zone
    expect((await t.as('yanta', '/api/reports?colour=red')).status).toBe(400);
  });
});

describe('GET /api/reports.csv', () => {
  it('downloads the city report as BOM-prefixed CSV with a Chinese header and a 合计 row', async () => {
    const res = await fetch(`${t.url}/api/reports.csv?org=610100&${PERIOD}`, {
      headers: { authorization: `Bearer ${await t.token('xian')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const day = (ms: number) => localDate(ms, 'Asia/Shanghai');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="report-610100-${day(FROM)}-${day(TO - 1)}.csv"`,
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.startsWith(BOM)).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]?.startsWith('机构代码,机构名称,级别,报警总数（不含演练）,演练报警,紧急级报警')).toBe(
      true,
    );
    expect(lines[0]).toContain('一键报警（sos）');
    expect(lines.slice(1, 4).map((l) => l.split(',').slice(0, 5).join(','))).toEqual([
      '610113,雁塔区,县（区）,5,1',
      '610112,未央区,县（区）,1,0',
      '610100,合计（西安市）,市,6,1',
    ]);
    expect(lines[4]).toBe('');
    // the total's median and p90 (30 and 100 s), nobody dispatched or resolved (to arrive, to handle),
    // then devices 4/2/1/1 at 66.7 %
    expect(lines[3]).toContain(',5,30,100,0,,,0,,,4,2,1,1,66.7,3,1,33.3,1');
  });

  it('403 never (every role reads reports), 404 outside the scope, 401 without a token', async () => {
    const get = async (user: string | null, query: string) =>
      (
        await fetch(`${t.url}/api/reports.csv?${query}`, {
          headers: user === null ? {} : { authorization: `Bearer ${await t.token(user)}` },
        })
      ).status;
    expect(await get('guard1', '')).toBe(200);
    expect(await get('guard1', 'org=610113')).toBe(404);
    expect(await get(null, '')).toBe(401);
  });
});
