import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PHONE,
  SCHOOL_A,
  SCHOOL_B,
  hazardTrigger,
  startAlertingHttp,
  type AlertingHttp,
} from '../testing/alerting-http.fixture';
import type { Hazard, HazardEvent } from '../domain/hazard';
import { HazardOverdueEscalation } from './overdue-escalation';

let t: AlertingHttp;
beforeAll(async () => {
  t = await startAlertingHttp();
});
afterAll(() => t.close());

const DAY = 86_400_000;

async function registered(over: Parameters<typeof hazardTrigger>[0] = {}): Promise<Hazard> {
  const trigger = hazardTrigger(over);
  await t.alerts.handleTriggers([trigger]);
  const list = (await t.as('root', '/api/hazards')).body as { items: Hazard[] };
  const hazard = list.items.find((h) => h.key === trigger.key);
  if (hazard === undefined) throw new Error('hazard not registered');
  return hazard;
}

const move = (user: string, id: string, to: string, note?: string) =>
  t.as(user, `/api/hazards/${id}/transition`, { body: { to, ...(note === undefined ? {} : { note }) } });

describe('hazards over HTTP', () => {
  it('registers with the default deadline and counts repeats', async () => {
    const at = Date.now();
    const general = await registered({ at });
    expect(general).toMatchObject({ state: 'registered', grade: 'general', occurrences: 1, overdue: false });
    expect(Date.parse(general.deadline) - at).toBe(7 * DAY);
    const major = await registered({ at, grade: 'major' });
    expect(Date.parse(major.deadline) - at).toBe(30 * DAY);
    const custom = await registered({ at, deadlineDays: 3 });
    expect(Date.parse(custom.deadline) - at).toBe(3 * DAY);
    await t.alerts.handleTriggers([hazardTrigger({ key: general.key, at: at + 1000 })]);
    expect(((await t.as('guard1', `/api/hazards/${general.id}`)).body as Hazard).occurrences).toBe(2);
  });

  it('runs registered → rectifying → awaiting_acceptance → closed, acceptor ≠ rectifier', async () => {
    const h = await registered();
    expect((await move('yanta', h.id, 'rectifying')).status).toBe(403); // officers do not rectify
    expect((await move('guard1', h.id, 'closed')).status).toBe(409); // no skipping
    expect((await move('guard1', h.id, 'rectifying', '已安排维修')).body).toMatchObject({
      state: 'rectifying',
    });
    const done = await move('guard1', h.id, 'awaiting_acceptance', '已更换');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'awaiting_acceptance', rectifiedBy: 'guard1' });
    expect((await move('guard1', h.id, 'closed')).status).toBe(403); // guards do not accept
    const rejected = await move('yanta', h.id, 'rectifying', '未整改到位');
    expect(rejected.body).toMatchObject({ state: 'rectifying' });
    await move('guard1', h.id, 'awaiting_acceptance');
    const closed = await move('head1', h.id, 'closed', '验收通过');
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ state: 'closed', acceptedBy: 'head1' });
    expect((await move('head1', h.id, 'rectifying')).status).toBe(409);
    const events = (await t.as('guard1', `/api/hazards/${h.id}/events`)).body as { items: HazardEvent[] };
    expect(events.items.map((e) => [e.from, e.to, e.by])).toEqual([
      [null, 'registered', h.source],
      ['registered', 'rectifying', 'guard1'],
      ['rectifying', 'awaiting_acceptance', 'guard1'],
      ['awaiting_acceptance', 'rectifying', 'yanta'],
      ['rectifying', 'awaiting_acceptance', 'guard1'],
      ['awaiting_acceptance', 'closed', 'head1'],
    ]);
  });

  it('refuses acceptance by the person who rectified (409 with a clear message)', async () => {
    const h = await registered();
    await move('head1', h.id, 'rectifying');
    await move('head1', h.id, 'awaiting_acceptance');
    const own = await move('head1', h.id, 'closed');
    expect(own.status).toBe(409);
    expect(own.body).toEqual({
      error: 'head1 rectified this hazard and cannot also accept it: acceptance needs another person',
    });
    expect((await move('yanta', h.id, 'closed')).status).toBe(200);
  });

  it('filters by state and overdue; 400 for bad filters or bodies', async () => {
    const late = await registered({ at: Date.now() - 10 * DAY });
    const overdue = (await t.as('guard1', '/api/hazards?overdue=true')).body as { items: Hazard[] };
    expect(overdue.items.map((h) => h.id)).toContain(late.id);
    expect(overdue.items.every((h) => h.overdue)).toBe(true);
    const onTime = (await t.as('guard1', '/api/hazards?overdue=false&state=registered')).body as {
      items: Hazard[];
    };
    expect(onTime.items.every((h) => !h.overdue && h.state === 'registered')).toBe(true);
    expect((await t.as('guard1', '/api/hazards?state=done')).status).toBe(400);
    expect((await t.as('guard1', '/api/hazards?overdue=yes')).status).toBe(400);
    expect(
      (await t.as('guard1', `/api/hazards/${late.id}/transition`, { body: { to: 'fixed' } })).status,
    ).toBe(400);
  });

  it('narrows to one org unit in scope with ?org=; 404 outside the scope, 400 for a malformed code', async () => {
    const atA = await registered();
    const atB = await registered({ org: SCHOOL_B });
    const ids = async (user: string, org: string) =>
      ((await t.as(user, `/api/hazards?org=${org}`)).body as { items: Hazard[] }).items.map((h) => h.id);
    expect(await ids('xian', SCHOOL_B.school)).toContain(atB.id);
    expect(await ids('xian', SCHOOL_B.school)).not.toContain(atA.id);
    expect(await ids('xian', SCHOOL_A.county)).toContain(atA.id);
    expect(await ids('xian', SCHOOL_A.county)).not.toContain(atB.id);
    expect((await t.as('guard1', `/api/hazards?org=${SCHOOL_B.school}`)).status).toBe(404);
    expect((await t.as('weiyang', `/api/hazards?org=${SCHOOL_A.county}`)).status).toBe(404);
    expect((await t.as('yanta', '/api/hazards?org=61011')).status).toBe(400);
  });

  it('escalates an overdue hazard to the county with an SMS and a hazard event', async () => {
    const late = await registered({ at: Date.now() - 8 * DAY, title: '消防通道堵塞' });
    const start = Date.now();
    const overdue = t.handle.app.get(HazardOverdueEscalation);
    const escalated = await overdue.runOnce();
    expect(escalated.map((h) => h.id)).toContain(late.id);
    expect((await overdue.runOnce()).map((h) => h.id)).not.toContain(late.id); // once per repeat interval
    const now = (await t.as('yanta', `/api/hazards/${late.id}`)).body as Hazard;
    expect(now).toMatchObject({ escalatedTo: 'county', overdue: true });
    const sms = await t.double.waitFor(
      (r) =>
        r.some(
          (x) =>
            x.to === PHONE.county && x.at.getTime() >= start && x.body?.includes('消防通道堵塞') === true,
        ),
      3_000,
    );
    expect(sms.find((x) => x.body?.includes('消防通道堵塞'))?.body).toMatch(/^隐患逾期未整改/);
    const events = (await t.as('yanta', `/api/hazards/${late.id}/events`)).body as { items: HazardEvent[] };
    expect(events.items.at(-1)).toMatchObject({ from: 'registered', to: 'registered', by: 'system' });
    expect(events.items.at(-1)?.note).toContain('逾期未整改');
  });
});
