import type { OrgPath } from '@campus/device-protocols';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SCHOOL_A,
  alertTrigger,
  hazardTrigger,
  openedAlert,
  startAlertingHttp,
  type AlertingHttp,
} from '../testing/alerting-http.fixture';
import { toIso } from '../db/sql-values';
import type { Hazard, HazardEvent } from '../domain/hazard';
import { checklistWindow, daysBetween } from './checklist-window';
import type { ChecklistItem, Finding, Inspection } from '../domain/inspection';

let t: AlertingHttp;
beforeAll(async () => {
  t = await startAlertingHttp();
});
afterAll(() => t.close());

const DAY = 86_400_000;
const TZ = 'Asia/Shanghai';

async function deviceState(
  device: string,
  org: OrgPath,
  kind: string,
  online: boolean | null,
): Promise<void> {
  await t.db.query(
    `INSERT INTO alerting.device_state (device, province, city, county, school, kind, online, last_seen_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
     ON CONFLICT (device) DO UPDATE SET online = EXCLUDED.online`,
    [device, org.province, org.city, org.county, org.school, kind, online, toIso(Date.now())],
  );
}

async function events(device: string, org: OrgPath, type: string, day: string, count: number): Promise<void> {
  await t.db.query(
    `INSERT INTO alerting.device_event_days (device, province, city, county, school, type, day, count, last_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8, $9)`,
    [device, org.province, org.city, org.county, org.school, type, day, count, toIso(Date.now())],
  );
}

const item = (i: Inspection, key: string): ChecklistItem => {
  const found = i.items.find((x) => x.key === key);
  if (found === undefined) throw new Error(`no item ${key}`);
  return found;
};

const start = (user: string, school: string) => t.as(user, '/api/inspections', { body: { school } });
const inFuture = (days: number) => new Date(Date.now() + days * DAY).toISOString();

describe('inspections over HTTP (线上督查)', () => {
  let inspection: Inspection;
  let finding: Finding;

  it('lets a county officer start an inspection of a school in the county, measured from live data', async () => {
    await deviceState('smk-0001', SCHOOL_A, 'smoke_detector', true);
    await deviceState('sos-0001', SCHOOL_A, 'one_key_alarm', true);
    const w = checklistWindow(Date.now(), TZ);
    await events('sos-0001', SCHOOL_A, 'test', w.today, 1);
    // Check-ins from any device of the school count: 5 on each of the last 7 days (open every day).
    for (const day of daysBetween(w.weekFrom, w.weekTo))
      await events('smk-0001', SCHOOL_A, 'patrol_checkin', day, 5);
    await openedAlert(t, alertTrigger());
    await t.alerts.handleTriggers([hazardTrigger({ grade: 'major', title: '宿舍未安装联网烟感' })]);

    const res = await start('yanta', SCHOOL_A.school);
    expect(res.status).toBe(201);
    inspection = res.body as Inspection;
    expect(inspection).toMatchObject({
      school: SCHOOL_A.school,
      schoolName: '雁塔区第一小学',
      county: '610113',
      countyName: '雁塔区',
      city: '610100',
      province: '610000',
      inspector: 'yanta',
      inspectorOrg: '610113',
      status: 'in_progress',
      completedAt: null,
      conclusion: null,
      findings: [],
    });
    expect(item(inspection, 'patrol_checkins')).toMatchObject({
      source: 'auto',
      autoResult: 'pass',
      measured: { checkins: 35, schoolDays: 7, daysShort: 0 },
    });
    expect(item(inspection, 'one_key_alarm_tested')).toMatchObject({
      autoResult: 'pass',
      result: 'pass',
      measured: { total: 1, tested: 1 },
    });
    expect(item(inspection, 'detector_online_rate')).toMatchObject({
      autoResult: 'pass',
      value: '1/1 在线 (100%)',
    });
    expect(item(inspection, 'camera_online_rate')).toMatchObject({
      autoResult: 'fail',
      value: '未接入视频监控',
    });
    expect(item(inspection, 'gate_records').autoResult).toBeNull();
    expect(item(inspection, 'unacknowledged_alerts')).toMatchObject({ autoResult: 'fail' });
    expect(item(inspection, 'unacknowledged_alerts').measured?.['open']).toBeGreaterThan(0);
    expect(item(inspection, 'open_hazards')).toMatchObject({ autoResult: 'fail', measured: { major: 1 } });
    expect(item(inspection, 'fire_exits_clear')).toMatchObject({
      source: 'manual',
      result: null,
      value: null,
    });
  });

  it('ticks items; 404 for an unknown item, 400 for a bad verdict', async () => {
    const tick = (key: string, body: unknown) =>
      t.as('yanta', `/api/inspections/${inspection.id}/items/${key}`, { method: 'PATCH', body });
    const ticked = await tick('fire_exits_clear', { result: 'fail', note: '二楼通道堆放杂物' });
    expect(ticked.status).toBe(200);
    expect(item(ticked.body as Inspection, 'fire_exits_clear')).toMatchObject({
      result: 'fail',
      note: '二楼通道堆放杂物',
    });
    const overruled = await tick('camera_online_rate', { result: 'na', note: '摄像头由公安联网平台管理' });
    expect(item(overruled.body as Inspection, 'camera_online_rate')).toMatchObject({
      autoResult: 'fail',
      result: 'na',
    });
    expect((await tick('guards_on_duty', { result: 'pass' })).status).toBe(200);
    expect((await tick('no_such_item', { result: 'pass' })).status).toBe(404);
    expect((await tick('guards_on_duty', { result: 'maybe' })).status).toBe(400);
    expect((await tick('guards_on_duty', {})).status).toBe(400);
  });

  it('turns a finding into a hazard at the school that the school’s users then see, registered by the inspector', async () => {
    const res = await t.as('yanta', `/api/inspections/${inspection.id}/findings`, {
      body: {
        title: '二楼疏散通道堆放杂物',
        grade: 'general',
        deadline: inFuture(3),
        item: 'fire_exits_clear',
        note: '见照片',
      },
    });
    expect(res.status).toBe(201);
    finding = res.body as Finding;
    expect(finding).toMatchObject({
      item: 'fire_exits_clear',
      title: '二楼疏散通道堆放杂物',
      grade: 'general',
      note: '见照片',
      hazardState: 'registered',
      createdBy: 'yanta',
    });
    const seen = (await t.as('guard1', '/api/hazards')).body as { items: Hazard[] };
    const hazard = seen.items.find((h) => h.id === finding.hazardId);
    expect(hazard).toMatchObject({
      source: 'inspection',
      key: `inspection:${inspection.id}:${finding.id}`,
      school: SCHOOL_A.school,
      state: 'registered',
      grade: 'general',
      deadline: finding.deadline,
      detail: { inspectionId: inspection.id, findingId: finding.id, item: 'fire_exits_clear' },
    });
    const history = (await t.as('guard1', `/api/hazards/${finding.hazardId}/events`)).body as {
      items: HazardEvent[];
    };
    expect(history.items).toEqual([expect.objectContaining({ from: null, to: 'registered', by: 'yanta' })]);

    // It follows the normal workflow; the inspection shows the hazard's state as it is now.
    await t.as('guard1', `/api/hazards/${finding.hazardId}/transition`, { body: { to: 'rectifying' } });
    const again = (await t.as('guard1', `/api/inspections/${inspection.id}`)).body as Inspection;
    expect(again.findings).toEqual([{ ...finding, hazardState: 'rectifying' }]);
  });

  it('refuses findings with a past deadline or an item not on the checklist (400)', async () => {
    const add = (body: unknown) => t.as('yanta', `/api/inspections/${inspection.id}/findings`, { body });
    const base = { title: '灭火器过期', grade: 'major', deadline: inFuture(30) };
    expect((await add({ ...base, deadline: new Date(Date.now() - 1000).toISOString() })).status).toBe(400);
    expect((await add({ ...base, item: 'no_such_item' })).status).toBe(400);
    expect((await add({ ...base, grade: 'huge' })).status).toBe(400);
    expect((await add({ ...base, title: '' })).status).toBe(400);
    expect((await add({ ...base, item: 'extinguishers_in_date' })).status).toBe(201);
  });

  it('lets the school see its inspections; filters by school and status', async () => {
    const mine = (await t.as('guard1', '/api/inspections')).body as { items: Inspection[] };
    expect(mine.items.map((i) => i.id)).toContain(inspection.id);
    const byCity = (await t.as('xian', `/api/inspections?school=${SCHOOL_A.school}&status=in_progress`))
      .body as {
      items: Inspection[];
    };
    expect(byCity.items.map((i) => i.id)).toEqual([inspection.id]);
    expect(
      ((await t.as('xian', '/api/inspections?status=completed')).body as { items: unknown[] }).items,
    ).toEqual([]);
    expect((await t.as('xian', '/api/inspections?status=done')).status).toBe(400);
  });

  it('completes once; afterwards items, findings and completion answer 409', async () => {
    const done = await t.as('yanta', `/api/inspections/${inspection.id}/complete`, {
      body: { conclusion: '总体良好，疏散通道限期整改' },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', conclusion: '总体良好，疏散通道限期整改' });
    expect(Date.parse((done.body as Inspection).completedAt ?? '')).toBeGreaterThan(
      Date.parse(inspection.startedAt) - 1,
    );
    const again = await t.as('yanta', `/api/inspections/${inspection.id}/complete`, { body: {} });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      error: 'the inspection is completed: its checklist and findings can no longer change',
    });
    expect(
      (
        await t.as('yanta', `/api/inspections/${inspection.id}/items/guards_on_duty`, {
          method: 'PATCH',
          body: { result: 'fail' },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await t.as('yanta', `/api/inspections/${inspection.id}/findings`, {
          body: { title: 'x', grade: 'general', deadline: inFuture(1) },
        })
      ).status,
    ).toBe(409);
    const listed = (await t.as('head1', '/api/inspections?status=completed')).body as { items: Inspection[] };
    expect(listed.items.map((i) => i.id)).toEqual([inspection.id]);
  });

  it('completes without a body too', async () => {
    const res = await start('root', SCHOOL_A.school);
    const id = (res.body as Inspection).id;
    const done = await t.as('root', `/api/inspections/${id}/complete`, { method: 'POST' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', conclusion: null });
  });

  it('counts a whole-school drill this month as the one-key alarm test', async () => {
    await t.db.query("DELETE FROM alerting.device_event_days WHERE type = 'test'");
    const before = (await start('xian', SCHOOL_A.school)).body as Inspection;
    expect(item(before, 'one_key_alarm_tested')).toMatchObject({
      autoResult: 'fail',
      measured: { tested: 0 },
    });
    const drill = await t.as('head1', '/api/drills', {
      body: {
        school: SCHOOL_A.school,
        from: Date.now() - 60_000,
        to: Date.now() + 60_000,
        note: '一键报警测试演练',
      },
    });
    expect(drill.status).toBe(201);
    const after = (await start('xian', SCHOOL_A.school)).body as Inspection;
    expect(item(after, 'one_key_alarm_tested')).toMatchObject({
      autoResult: 'pass',
      measured: { total: 1, tested: 1 },
    });
  });

  it('403 for school users starting or editing one; 404 for schools and inspections outside the scope', async () => {
    expect((await start('guard1', SCHOOL_A.school)).status).toBe(403);
    expect((await start('head1', SCHOOL_A.school)).status).toBe(403);
    expect(
      (
        await t.as('head1', `/api/inspections/${inspection.id}/items/guards_on_duty`, {
          method: 'PATCH',
          body: { result: 'pass' },
        })
      ).status,
    ).toBe(403);
    expect((await start('yanta', '2161010002')).status).toBe(404); // another county
    expect((await start('yanta', '9999999999')).status).toBe(404);
    expect((await start('yanta', '610113')).status).toBe(404); // not a school
    expect((await t.as('weiyang', `/api/inspections/${inspection.id}`)).status).toBe(404);
    expect((await t.as('guard2', `/api/inspections/${inspection.id}`)).status).toBe(404);
    expect((await t.as('weiyang', '/api/inspections?org=610113')).status).toBe(404);
    expect((await t.as('yanta', '/api/inspections?school=2161010002')).status).toBe(404);
    expect((await t.as('yanta', '/api/inspections/no-such-id')).status).toBe(404);
    expect((await start('yanta', '')).status).toBe(400);
  });
});
