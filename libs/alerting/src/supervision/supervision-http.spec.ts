import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@campus/test-kit';
import type { RollCall, Urge } from '@campus/api-contract';
import {
  PHONE,
  SCHOOL_A,
  SCHOOL_B,
  alertTrigger,
  hazardTrigger,
  openedAlert,
  startAlertingHttp,
  type AlertingHttp,
} from '../testing/alerting-http.fixture';
import { HazardRepository } from '../db/hazard-repository';
import { SupervisionRepository } from '../db/supervision-repository';
import type { AuditEntry } from '../domain/audit';
import type { TimelineItem } from '../domain/alert';
import type { HazardEvent } from '../domain/hazard';
import { RollCallService } from './roll-call.service';

/**
 * 督办 and 在线查岗 over HTTP: officials only, within their scope (404 outside), validated at the
 * boundary; an urge reaches the school's socket and its contacts by SMS, once per 5 minutes per
 * official; a roll-call is answered by the school and closed at its deadline.
 */
let t: AlertingHttp;
beforeAll(async () => {
  t = await startAlertingHttp();
});
afterAll(() => t.close());

const DAY = 86_400_000;
const audit = async (action: string): Promise<AuditEntry[]> =>
  ((await t.as('root', `/api/audit?action=${action}`)).body as { items: AuditEntry[] }).items;

describe('POST /api/alerts/{id}/urge', () => {
  it('403 for school roles, 404 outside the scope or unknown, 400 for a long message', async () => {
    const alert = await openedAlert(t, alertTrigger());
    for (const user of ['guard1', 'head1']) {
      expect((await t.as(user, `/api/alerts/${alert.id}/urge`, { body: {} })).status).toBe(403);
    }
    for (const user of ['weiyang', 'baoji']) {
      expect((await t.as(user, `/api/alerts/${alert.id}/urge`, { body: {} })).status).toBe(404);
    }
    expect((await t.as('yanta', '/api/alerts/no-such-alert/urge', { body: {} })).status).toBe(404);
    const long = await t.as('yanta', `/api/alerts/${alert.id}/urge`, { body: { message: 'x'.repeat(201) } });
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body)).toMatch(/200 characters/);
  });

  it('urges: the school’s socket gets it, its contact an SMS, the timeline and the audit log record it', async () => {
    const alert = await openedAlert(t, alertTrigger());
    const school = await t.socket('guard1');
    const other = await t.socket('guard2');
    const urges: Urge[] = [];
    const leaked: Urge[] = [];
    school.socket.on('urge', (u: Urge) => urges.push(u));
    other.socket.on('urge', (u: Urge) => leaked.push(u));
    const since = Date.now();

    const res = await t.as('yanta', `/api/alerts/${alert.id}/urge`, {
      body: { message: '请立即到现场核实' },
    });
    expect(res.status).toBe(201);
    const urge = res.body as Urge;
    expect(urge).toMatchObject({
      target: 'alert',
      targetId: alert.id,
      subject: 'smoke',
      school: SCHOOL_A.school,
      schoolName: '雁塔区第一小学',
      by: 'yanta',
      byLevel: 'county',
      message: '请立即到现场核实',
      dismissedAt: null,
    });
    await waitFor(() => urges.some((u) => u.id === urge.id), { timeoutMs: 5_000 });
    const sms = await waitFor(
      () =>
        t.double.requests.find(
          (r) => r.to === PHONE.school && r.at.getTime() >= since && /督办/.test(r.body ?? ''),
        ),
      { timeoutMs: 5_000 },
    );
    expect(sms.body).toMatch(
      /^【校园安全】县教育局督办：雁塔区第一小学烟感报警（.*）尚未处置，.*留言：请立即到现场核实$/,
    );
    expect(sms.body).not.toContain(alert.id);

    const timeline = (
      (await t.as('guard1', `/api/alerts/${alert.id}/timeline`)).body as { items: TimelineItem[] }
    ).items;
    expect(timeline).toContainEqual(
      expect.objectContaining({ kind: 'urged', by: 'yanta', level: 'county', note: '请立即到现场核实' }),
    );
    expect((await audit('alert.urge')).find((e) => e.target === `alert:${alert.id}`)).toMatchObject({
      actor: 'yanta',
      org: SCHOOL_A.school,
    });
    expect(leaked).toEqual([]);

    // the banner's list: active until dismissed ("已知悉") or the alert is acknowledged
    const active = async (user: string) =>
      ((await t.as(user, '/api/urges?active=true')).body as { items: Urge[] }).items.map((u) => u.id);
    expect(await active('guard1')).toContain(urge.id);
    expect(await active('guard2')).not.toContain(urge.id);
    expect((await t.as('yanta', `/api/urges/${urge.id}/dismiss`, { method: 'POST' })).status).toBe(403);
    expect((await t.as('guard2', `/api/urges/${urge.id}/dismiss`, { method: 'POST' })).status).toBe(404);
    const dismissed = await t.as('guard1', `/api/urges/${urge.id}/dismiss`, { method: 'POST' });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({ dismissedBy: 'guard1', dismissedAt: expect.any(String) });
    expect(await active('guard1')).not.toContain(urge.id);
    expect((await audit('urge.dismiss')).some((e) => e.actor === 'guard1')).toBe(true);
    await t.as('guard1', `/api/alerts/${alert.id}/ack`, { body: {} });
  });

  it('once per 5 minutes per official: 409 with when to try again; another official may', async () => {
    const alert = await openedAlert(t, alertTrigger());
    expect((await t.as('yanta', `/api/alerts/${alert.id}/urge`, { method: 'POST' })).status).toBe(201);
    const again = await t.as('yanta', `/api/alerts/${alert.id}/urge`, { body: {} });
    expect(again.status).toBe(409);
    expect((again.body as { error: string }).error).toMatch(
      /one urge per 5 minutes per official: try again in \d/,
    );
    expect((await t.as('xian', `/api/alerts/${alert.id}/urge`, { body: {} })).status).toBe(201);
    // an acknowledged alert leaves the banner, but may still be urged; a resolved one may not
    await t.as('guard1', `/api/alerts/${alert.id}/resolve`, { body: { disposition: 'false_alarm' } });
    const resolved = await t.as('shaanxi', `/api/alerts/${alert.id}/urge`, { body: {} });
    expect(resolved.status).toBe(409);
    expect((resolved.body as { error: string }).error).toMatch(/resolved/);
  });
});

describe('POST /api/hazards/{id}/urge', () => {
  it('urges an overdue hazard (on its event log, audited); 409 for one not overdue; 403/404 as for alerts', async () => {
    const repo = t.handle.app.get(HazardRepository);
    const now = Date.now();
    const overdue = (await repo.registerOrTouch(hazardTrigger({ at: now - 10 * DAY }), now - DAY)).hazard;
    const fresh = (await repo.registerOrTouch(hazardTrigger(), now + DAY)).hazard;
    expect((await t.as('guard1', `/api/hazards/${overdue.id}/urge`, { body: {} })).status).toBe(403);
    expect((await t.as('weiyang', `/api/hazards/${overdue.id}/urge`, { body: {} })).status).toBe(404);
    const notYet = await t.as('yanta', `/api/hazards/${fresh.id}/urge`, { body: {} });
    expect(notYet.status).toBe(409);
    expect((notYet.body as { error: string }).error).toMatch(/not overdue/);

    const res = await t.as('xian', `/api/hazards/${overdue.id}/urge`, {
      body: { message: '本周内完成整改' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      target: 'hazard',
      targetId: overdue.id,
      byLevel: 'city',
      subject: '设备离线',
    });
    const events = (
      (await t.as('guard1', `/api/hazards/${overdue.id}/events`)).body as { items: HazardEvent[] }
    ).items;
    expect(events.at(-1)).toMatchObject({ by: 'xian', note: '市教育局督办：本周内完成整改' });
    expect((await audit('hazard.urge')).some((e) => e.target === `hazard:${overdue.id}`)).toBe(true);
    await waitFor(
      () => t.double.requests.some((r) => r.to === PHONE.school && /「设备离线」整改期限/.test(r.body ?? '')),
      {
        timeoutMs: 5_000,
      },
    );
  });
});

describe('/api/roll-calls (在线查岗)', () => {
  it('validates the body and the scope; school roles cannot start one', async () => {
    expect((await t.as('guard1', '/api/roll-calls', { body: {} })).status).toBe(403);
    expect((await t.as('yanta', '/api/roll-calls', { body: { answerWithinMinutes: 0 } })).status).toBe(400);
    expect((await t.as('yanta', '/api/roll-calls', { body: { answerWithinSeconds: 4 } })).status).toBe(400);
    expect(
      (await t.as('yanta', '/api/roll-calls', { body: { answerWithinSeconds: 10, answerWithinMinutes: 1 } }))
        .status,
    ).toBe(400);
    expect((await t.as('yanta', '/api/roll-calls', { body: { schools: ['abc'] } })).status).toBe(400);
    // school B is in another county
    expect((await t.as('yanta', '/api/roll-calls', { body: { schools: [SCHOOL_B.school] } })).status).toBe(
      404,
    );
  });

  it('calls every school of the scope by default, 10 minutes to answer', async () => {
    const res = await t.as('xian', '/api/roll-calls', { body: {} });
    expect(res.status).toBe(201);
    const rc = res.body as RollCall;
    expect(rc.schools.map((s) => s.school).sort()).toEqual([SCHOOL_A.school, SCHOOL_B.school]);
    expect(Date.parse(rc.deadline) - Date.parse(rc.startedAt)).toBe(600_000);
    expect((await audit('roll_call.start')).some((e) => e.target === `roll_call:${rc.id}`)).toBe(true);
  });

  it('the school answers (who and when); at the deadline the other is missed', async () => {
    const a = await t.socket('guard1');
    const seen: RollCall[] = [];
    a.socket.on('rollCall', (r: RollCall) => seen.push(r));
    const res = await t.as('xian', '/api/roll-calls', {
      body: { schools: [SCHOOL_A.school, SCHOOL_B.school], answerWithinSeconds: 5 },
    });
    expect(res.status).toBe(201);
    const rc = res.body as RollCall;
    // the school's socket gets the roll-call with its own line only
    const pushed = await waitFor(() => seen.find((r) => r.id === rc.id), { timeoutMs: 5_000 });
    expect(pushed.schools.map((s) => s.school)).toEqual([SCHOOL_A.school]);

    expect((await t.as('yanta', `/api/roll-calls/${rc.id}/answer`, { method: 'POST' })).status).toBe(403);
    const answered = await t.as('guard1', `/api/roll-calls/${rc.id}/answer`, { method: 'POST' });
    expect(answered.status).toBe(200);
    expect((answered.body as RollCall).schools).toEqual([
      expect.objectContaining({ school: SCHOOL_A.school, status: 'answered', answeredBy: 'guard1' }),
    ]);
    expect((await t.as('head1', `/api/roll-calls/${rc.id}/answer`, { method: 'POST' })).status).toBe(409);
    // a school user sees its own line; another county's official sees nothing of it
    expect(
      ((await t.as('guard2', `/api/roll-calls/${rc.id}`)).body as RollCall).schools.map((s) => s.school),
    ).toEqual([SCHOOL_B.school]);
    expect((await t.as('baoji', `/api/roll-calls/${rc.id}`)).status).toBe(404);

    const closed = await waitFor(
      async () => {
        const r = (await t.as('xian', `/api/roll-calls/${rc.id}`)).body as RollCall;
        return r.closedAt === null ? undefined : r;
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    expect(closed.schools.map((s) => [s.school, s.status, s.answeredBy])).toEqual([
      [SCHOOL_A.school, 'answered', 'guard1'],
      [SCHOOL_B.school, 'missed', null],
    ]);
    const late = await t.as('guard2', `/api/roll-calls/${rc.id}/answer`, { method: 'POST' });
    expect(late.status).toBe(409);
    expect((late.body as { error: string }).error).toMatch(/closed/);
    await waitFor(() => seen.some((r) => r.id === rc.id && r.closedAt !== null), { timeoutMs: 5_000 });
    expect((await audit('roll_call.close')).some((e) => e.target === `roll_call:${rc.id}`)).toBe(true);
    const list = ((await t.as('xian', '/api/roll-calls?status=closed')).body as { items: RollCall[] }).items;
    expect(list.map((r) => r.id)).toContain(rc.id);
  });

  it('closes at start-up a roll-call that came due while the service was down', async () => {
    // as left by a service stopped before the deadline: stored, open, its deadline now past
    const repo = t.handle.app.get(SupervisionRepository);
    const stale = await repo.createRollCall({
      startedBy: 'yanta',
      startedByOrg: SCHOOL_A.county,
      startedByLevel: 'county',
      startedAt: Date.now() - 20 * 60_000,
      deadline: Date.now() - 10 * 60_000,
      schools: [SCHOOL_A],
    });
    expect(stale.closedAt).toBeNull();
    t.handle.app.get(RollCallService).onApplicationBootstrap();
    const closed = await waitFor(
      async () => {
        const r = await repo.getRollCall(stale.id);
        return r?.closedAt === null ? undefined : r;
      },
      { timeoutMs: 5_000, intervalMs: 50 },
    );
    expect(closed?.schools.map((s) => s.status)).toEqual(['missed']);
  });
});

describe('the report counts urges and roll-call answers', () => {
  it('per county, in GET /api/reports and the CSV', async () => {
    const report = (await t.as('xian', '/api/reports')).body as {
      rows: {
        org: string;
        supervision: { urges: number; rollCallAnswered: number; rollCallMissed: number };
      }[];
    };
    const yanta = report.rows.find((r) => r.org === SCHOOL_A.county);
    expect(yanta?.supervision.urges).toBeGreaterThanOrEqual(4);
    expect(yanta?.supervision.rollCallAnswered).toBeGreaterThanOrEqual(1);
    const weiyang = report.rows.find((r) => r.org === SCHOOL_B.county);
    expect(weiyang?.supervision.rollCallMissed).toBeGreaterThanOrEqual(1);
    const csv = await fetch(`${t.url}/api/reports.csv`, {
      headers: { authorization: `Bearer ${await t.token('xian')}` },
    });
    expect((await csv.text()).split('\r\n')[0]).toMatch(/督办次数,查岗应答,查岗未应答$/);
  });
});
