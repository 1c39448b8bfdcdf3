import type { Overview } from '@campus/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertRepository } from '../db/alert-repository';
import { toIso } from '../db/sql-values';
import {
  SCHOOL_A,
  SCHOOL_B,
  STAFF_USERS,
  alertTrigger,
  openedAlert,
  startAlertingHttp,
  type AlertingHttp,
} from '../testing/alerting-http.fixture';

let t: AlertingHttp;
const ids: { plain: string; county: string; city: string; acked: string; atB: string } = {
  plain: '',
  county: '',
  city: '',
  acked: '',
  atB: '',
};

beforeAll(async () => {
  t = await startAlertingHttp({ users: STAFF_USERS });
  const repo = t.handle.app.get(AlertRepository);
  const now = Date.now();
  // high alerts page the school only (the fixture's policy): levels are set by hand
  ids.plain = (await openedAlert(t, alertTrigger({ at: now - 60_000 }))).id;
  ids.county = (await openedAlert(t, alertTrigger({ at: now - 50_000 }))).id;
  await repo.setLevel(ids.county, 'county');
  ids.city = (await openedAlert(t, alertTrigger({ at: now - 90_000 }))).id;
  await repo.setLevel(ids.city, 'city');
  ids.acked = (await openedAlert(t, alertTrigger({ at: now - 40_000 }))).id;
  await repo.acknowledge(ids.acked, 'guard1', undefined, now - 10_000);
  ids.atB = (await openedAlert(t, alertTrigger({ org: SCHOOL_B, device: 'smk-0002', at: now - 30_000 }))).id;
  // school A: one of its 3 devices offline
  await t.db.query(
    `INSERT INTO alerting.device_state (device, province, city, county, school, kind, online, updated_at)
     VALUES ('sos-0001', $1, $2, $3, $4, 'one_key_alarm', false, $5)`,
    [SCHOOL_A.province, SCHOOL_A.city, SCHOOL_A.county, SCHOOL_A.school, toIso(now)],
  );
});
afterAll(() => t.close());

async function overview(user: string, query = ''): Promise<Overview> {
  const res = await t.as(user, `/api/overview${query}`);
  if (res.status !== 200)
    throw new Error(`GET /api/overview${query} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Overview;
}

describe('GET /api/overview', () => {
  it('gives a county officer the county’s schools with their figures, and the alerts escalated to the county', async () => {
    const o = await overview('yanta');
    expect(o.org).toEqual({ code: '610113', name: '雁塔区', level: 'county' });
    expect(o.schools.map((s) => s.code)).toEqual([SCHOOL_A.school]);
    expect(o.schools[0]).toMatchObject({
      name: '雁塔区第一小学',
      countyName: '雁塔区',
      cityName: '西安市',
      location: null,
      alarms: {
        unacknowledged: 3,
        acknowledged: 1,
        highestSeverity: 'high',
        escalated: 2,
        highestLevel: 'city',
      },
      devices: { offline: 1, total: 3 },
      risk: 'red',
    });
    expect(o.schools[0]?.ackTodayMedianSeconds).toBeGreaterThan(0);
    expect(o.today).toMatchObject({ opened: 4, acknowledged: 1, waiting: 3 });
    expect(o.trend).toHaveLength(7);
    expect(o.trend.at(-1)).toEqual({ date: o.today.date, alarms: 4 });
    expect(o.inspectionCoverage).toMatchObject({ inspected: 0, schools: 1 });
    expect(o.escalatedToMe.level).toBe('county');
    expect(o.escalatedToMe.total).toBe(2);
    // oldest first, with the school's name
    expect(o.escalatedToMe.items.map((a) => a.id)).toEqual([ids.city, ids.county]);
    expect(o.escalatedToMe.items[0]).toMatchObject({
      schoolName: '雁塔区第一小学',
      level: 'city',
      type: 'smoke',
    });
  });

  it('gives a city officer every school of the city, and only what reached the city', async () => {
    const o = await overview('xian');
    expect(o.schools.map((s) => s.code).sort()).toEqual([SCHOOL_A.school, SCHOOL_B.school].sort());
    expect(o.schools.find((s) => s.code === SCHOOL_B.school)).toMatchObject({
      alarms: { unacknowledged: 1, escalated: 0, highestLevel: 'school' },
      devices: { offline: 0, total: 1 },
      risk: 'orange',
    });
    expect(o.escalatedToMe).toMatchObject({ level: 'city', total: 1 });
    expect(o.escalatedToMe.items.map((a) => a.id)).toEqual([ids.city]);
  });

  it('narrows to a unit of the scope with ?org=, and answers 404 outside it', async () => {
    const o = await overview('xian', `?org=${SCHOOL_B.county}`);
    expect(o.schools.map((s) => s.code)).toEqual([SCHOOL_B.school]);
    // still what reached the caller's (the city's) level, within the unit asked for
    expect(o.escalatedToMe.items).toEqual([]);
    expect((await t.as('yanta', `/api/overview?org=${SCHOOL_B.county}`)).status).toBe(404);
    expect((await t.as('yanta', '/api/overview?org=999999')).status).toBe(404);
    expect((await t.as('guard1', `/api/overview?org=${SCHOOL_A.county}`)).status).toBe(404);
  });

  it('gives a school its own row; refuses teachers (403), a bad query and a missing token', async () => {
    const o = await overview('guard1');
    expect(o.org.level).toBe('school');
    expect(o.schools.map((s) => s.code)).toEqual([SCHOOL_A.school]);
    expect((await t.as('teacher1', '/api/overview')).status).toBe(403);
    expect((await t.as('yanta', '/api/overview?orgs=1')).status).toBe(400);
    const res = await fetch(`${t.url}/api/overview`);
    expect(res.status).toBe(401);
  });
});
