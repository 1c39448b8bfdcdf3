import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@campus/test-kit';
import type {
  AlertPlan,
  AlertPlanAnswer,
  Dispatch,
  DispatchAnswer,
  IncidentReport,
  Report,
  ResponderPage,
  TimelineItem,
} from '@campus/api-contract';
import {
  alertTrigger,
  openedAlert,
  PHONE,
  startAlertingHttp,
  type AlertingHttp,
} from '../testing/alerting-http.fixture';
import { CommandTransportDouble } from '../testing/command-transport-double';
import { hasExif, jpegBytes, jpegWithGps } from '../testing/image-bytes.fixture';
import { contactPersonId } from './responder-token';

const SCHOOL = '2161010001';
const SIREN = {
  id: 'siren-lab',
  kind: 'siren',
  secret: 's',
  location: { building: '实验楼', floor: 1, room: '大厅' },
};
const TEACHER_PHONE = '+8613900000009';
const commandTopic = (device: string) => `campus/v1/${SCHOOL}/${device}/command`;

describe('emergency plans, responders and the incident report over HTTP (docs/alerting.md "Emergency plans")', () => {
  let t: AlertingHttp;
  const broker = new CommandTransportDouble();
  beforeAll(async () => {
    broker.answer(commandTopic('siren-lab'), (command) => ({
      topic: `${commandTopic('siren-lab')}/ack`,
      payload: { id: command['id'], ok: true },
    }));
    // a teacher with a mobile in the sites file can be dispatched too
    const users = [
      {
        username: 'teacher9',
        password: 'teacher-pass',
        role: 'school_staff',
        org: SCHOOL,
        name: '王老师',
        phone: TEACHER_PHONE,
      },
    ];
    t = await startAlertingHttp({ devices: [SIREN], commands: broker, linkage: { timeoutMs: 300 }, users });
  });
  afterAll(() => t?.close());

  const timeline = async (id: string): Promise<TimelineItem[]> =>
    ((await t.as('guard1', `/api/alerts/${id}/timeline`)).body as { items: TimelineItem[] }).items;
  const audited = async (id: string): Promise<{ action: string; actor: string }[]> =>
    (
      await t.db.query<{ action: string; actor: string }>(
        'SELECT action, actor FROM alerting.audit_log WHERE target = $1 ORDER BY seq',
        [`alert:${id}`],
      )
    ).rows;

  it('shows the fire plan; a tick records who and when, pages the county or sounds the sirens, and lands once', async () => {
    const alert = await openedAlert(t, alertTrigger({ rule: 'default:fire', type: 'fire' }));
    const base = `/api/alerts/${alert.id}/plan`;
    const { body } = await t.as('yanta', base);
    const plan = (body as AlertPlanAnswer).plan!;
    expect(plan.planId).toBe('default:fire');
    expect(plan.steps.map((s) => s.id)).toEqual([
      'verify',
      'alarm',
      'call119',
      'evacuate',
      'muster',
      'report',
    ]);
    expect(plan.steps.every((s) => !s.done)).toBe(true);

    const verify = await t.as('guard1', `${base}/steps/verify/done`, { method: 'POST' });
    expect(verify.status).toBe(200);
    expect((verify.body as AlertPlan).steps[0]).toMatchObject({ done: true, doneBy: 'guard1' });
    expect(Date.parse((verify.body as AlertPlan).steps[0]!.doneAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect((await t.as('head1', `${base}/steps/verify/done`, { method: 'POST' })).status).toBe(409);
    expect((await t.as('guard1', `${base}/steps/nope/done`, { method: 'POST' })).status).toBe(404);

    // an action step runs the linkage: the building's siren sounds, in mode fire
    const alarm = await t.as('guard1', `${base}/steps/alarm/done`, { method: 'POST' });
    expect((alarm.body as AlertPlan).steps[1]?.outcome?.actions).toHaveLength(1);
    await waitFor(async () =>
      (await timeline(alert.id)).some(
        (i) =>
          i.kind === 'action' && i.device === 'siren-lab' && i.by === 'guard1' && i.result === 'acknowledged',
      ),
    );
    expect(broker.published.some((p) => p.topic === commandTopic('siren-lab'))).toBe(true);

    // a paging step sends an SMS to the county's contacts
    const sent = t.double.requests.length;
    const report = await t.as('head1', `${base}/steps/report/done`, { method: 'POST' });
    expect((report.body as AlertPlan).steps[5]?.outcome).toEqual({ paged: ['县教育局值班'] });
    const sms = await t.double.waitFor((r) =>
      r.slice(sent).some((x) => x.to === PHONE.county && x.kind === 'sms'),
    );
    expect(sms.slice(sent).find((x) => x.to === PHONE.county)?.body).toContain('上报县教育局');

    const steps = (await timeline(alert.id)).filter((i) => i.kind === 'plan_step');
    expect(steps.map((i) => [i.step, i.by])).toEqual([
      ['verify', 'guard1'],
      ['alarm', 'guard1'],
      ['report', 'head1'],
    ]);
    expect((await audited(alert.id)).filter((a) => a.action === 'alert.plan_step')).toHaveLength(3);
  });

  it('keeps officers (403) and other schools (404) out, and has no plan for a type without one', async () => {
    const alert = await openedAlert(t, alertTrigger({ rule: 'default:fire', type: 'fire' }));
    const tick = `/api/alerts/${alert.id}/plan/steps/verify/done`;
    expect((await t.as('yanta', tick, { method: 'POST' })).status).toBe(403);
    expect((await t.as('guard2', tick, { method: 'POST' })).status).toBe(404);
    expect((await t.as('guard2', `/api/alerts/${alert.id}/plan`)).status).toBe(404);
    const dispatch = `/api/alerts/${alert.id}/dispatches`;
    const person = { person: contactPersonId(PHONE.school) };
    expect((await t.as('yanta', dispatch, { method: 'POST', body: person })).status).toBe(403);
    expect((await t.as('guard2', dispatch, { method: 'POST', body: person })).status).toBe(404);
    expect((await t.as('guard2', dispatch)).status).toBe(404);
    expect((await t.as('guard2', `/api/alerts/${alert.id}/report`)).status).toBe(404);

    const leak = await openedAlert(t, alertTrigger({ rule: 'default:water_leak', type: 'water_leak' }));
    expect((await t.as('guard1', `/api/alerts/${leak.id}/plan`)).body).toEqual({ plan: null });
  });

  it('dispatches a contact by SMS; the link marks the way there with a photo, expires 24 h after resolution', async () => {
    const alert = await openedAlert(t, alertTrigger({ rule: 'default:fire', type: 'fire' }));
    const path = `/api/alerts/${alert.id}/dispatches`;
    const listed = (await t.as('guard1', path)).body as DispatchAnswer;
    expect(listed.people).toEqual([
      { id: 'user:teacher9', name: '王老师', phone: '+86139****0009' },
      { id: contactPersonId(PHONE.school), name: '张伟', phone: '+86138****0001' },
    ]);
    expect(
      (await t.as('guard1', path, { method: 'POST', body: { person: contactPersonId('+8613800000011') } }))
        .status,
    ).toBe(400); // another school's contact

    const sent = t.double.requests.length;
    const created = await t.as('guard1', path, {
      method: 'POST',
      body: { person: contactPersonId(PHONE.school) },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '张伟', state: 'dispatched', dispatchedBy: 'guard1' });
    expect(JSON.stringify(created.body)).not.toContain(PHONE.school);
    expect(
      (await t.as('guard1', path, { method: 'POST', body: { person: contactPersonId(PHONE.school) } }))
        .status,
    ).toBe(409);
    const sms = await t.double.waitFor((r) =>
      r.slice(sent).some((x) => x.to === PHONE.school && /\/r\//.test(x.body ?? '')),
    );
    const text = sms.slice(sent).find((x) => /\/r\//.test(x.body ?? ''))!.body!;
    const link = /(http\S+\/r\/([A-Za-z0-9_-]{43}))/.exec(text);
    expect(link, text).not.toBeNull();
    const token = link![2]!;
    expect(text).toContain('雁塔区第一小学');
    expect(text).not.toContain(alert.id);
    // the token is not stored
    const stored = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM alerting.dispatches');
    expect(JSON.stringify(stored.rows)).not.toContain(token);

    const pub = `/api/public/responders/${token}`;
    const page = (await t.as('guard1', pub)).body as ResponderPage;
    expect(page).toMatchObject({
      name: '张伟',
      state: 'dispatched',
      expiresAt: null,
      alert: { type: 'fire' },
    });
    expect((await fetch(`${t.url}/api/public/responders/${'x'.repeat(43)}`)).status).toBe(404);

    const mark = async (fields: Record<string, string>, photos: Uint8Array[] = []) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      for (const p of photos) form.append('photos', new Blob([p], { type: 'image/jpeg' }), 'scene.jpg');
      const res = await fetch(`${t.url}${pub}/marks`, { method: 'POST', body: form });
      return { status: res.status, body: (await res.json()) as ResponderPage };
    };
    expect((await mark({ state: 'on_site' }, [await jpegWithGps()])).body).toMatchObject({
      state: 'on_site',
      photos: 1,
    });
    expect((await mark({ state: 'on_the_way' })).status).toBe(409); // never back
    expect((await mark({})).status).toBe(400);
    expect((await mark({ state: 'handled' })).body.state).toBe('handled');

    const items = (await t.as('guard1', path)).body as DispatchAnswer;
    const d = items.items[0] as Dispatch;
    expect(d.onSiteAt).not.toBeNull();
    expect(d.handledAt).not.toBeNull();
    expect(d.photos).toHaveLength(1);
    const photo = await fetch(`${t.url}${d.photos[0]!.url}`);
    expect(photo.status).toBe(200);
    expect(hasExif(new Uint8Array(await photo.arrayBuffer()))).toBe(false);
    expect((await fetch(`${t.url}/api/responder-photos/${d.photos[0]!.id}`)).status).toBe(404); // unsigned
    const responderItems = (await timeline(alert.id)).filter((i) => i.kind === 'responder');
    expect(responderItems.map((i) => i.state ?? 'photo')).toEqual(['photo', 'on_site', 'handled']);
    expect((await audited(alert.id)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['alert.dispatch', 'alert.responder_mark']),
    );

    // resolved: the link works for 24 h more, then answers 410
    await t.as('guard1', `/api/alerts/${alert.id}/resolve`, {
      method: 'POST',
      body: { disposition: 'genuine' },
    });
    expect(((await t.as('guard1', pub)).body as ResponderPage).expiresAt).not.toBeNull();
    await t.db.query(`UPDATE alerting.alerts SET resolved_at = now() - interval '25 hours' WHERE id = $1`, [
      alert.id,
    ]);
    expect((await fetch(`${t.url}${pub}`)).status).toBe(410);
    expect((await mark({ state: 'handled' })).status).toBe(410);
  });

  it('the incident report of a resolved alert holds the steps, dispatches, photos, notifications and durations', async () => {
    const alert = await openedAlert(
      t,
      alertTrigger({ rule: 'default:fire', type: 'fire', severity: 'critical' }),
    );
    const reportPath = `/api/alerts/${alert.id}/report`;
    expect((await t.as('guard1', reportPath)).status).toBe(409);
    await t.as('guard1', `/api/alerts/${alert.id}/ack`, { method: 'POST', body: {} });
    await t.as('guard1', `/api/alerts/${alert.id}/plan/steps/verify/done`, { method: 'POST' });
    const sent = t.double.requests.length;
    await t.as('guard1', `/api/alerts/${alert.id}/dispatches`, {
      method: 'POST',
      body: { person: contactPersonId(PHONE.school) },
    });
    const sms = await t.double.waitFor((r) => r.slice(sent).some((x) => /\/r\//.test(x.body ?? '')));
    const token = /\/r\/([A-Za-z0-9_-]{43})/.exec(
      sms.slice(sent).find((x) => /\/r\//.test(x.body ?? ''))!.body!,
    )![1]!;
    const form = new FormData();
    form.append('state', 'on_site');
    form.append('photos', new Blob([await jpegWithGps()], { type: 'image/jpeg' }), 'scene.jpg');
    expect(
      (await fetch(`${t.url}/api/public/responders/${token}/marks`, { method: 'POST', body: form })).status,
    ).toBe(200);
    await t.as('guard1', `/api/alerts/${alert.id}/resolve`, {
      method: 'POST',
      body: { disposition: 'genuine' },
    });

    const { status, body } = await t.as('yanta', reportPath);
    expect(status).toBe(200);
    const report = body as IncidentReport;
    expect(report.alert).toMatchObject({ id: alert.id, status: 'resolved', schoolName: '雁塔区第一小学' });
    expect(report.plan?.steps.find((s) => s.id === 'verify')).toMatchObject({ done: true, doneBy: 'guard1' });
    expect(report.dispatches).toEqual([expect.objectContaining({ name: '张伟', state: 'on_site' })]);
    expect(report.media).toEqual([expect.objectContaining({ kind: 'photo', source: '张伟' })]);
    expect(report.notifications.some((n) => n.channel === 'sms' && n.to === PHONE.school)).toBe(true);
    expect(report.timeline.map((i) => i.kind)).toEqual(
      expect.arrayContaining(['opened', 'acknowledged', 'plan_step', 'dispatched', 'responder', 'resolved']),
    );
    expect(report.people.map((p) => p.who)).toEqual(expect.arrayContaining(['guard1', '张伟']));
    expect(report.durations.acknowledgeSeconds).not.toBeNull();
    expect(report.durations.arriveSeconds).not.toBeNull();
    expect(report.durations.handleSeconds).not.toBeNull();
    expect(report.durations.arriveSeconds!).toBeGreaterThanOrEqual(report.durations.acknowledgeSeconds!);

    // the school's report counts the time to arrive and to handle
    const r = (await t.as('guard1', `/api/reports?org=${SCHOOL}`)).body as Report;
    expect(r.total.arrive?.count).toBeGreaterThanOrEqual(1);
    expect(r.total.arrive?.medianSeconds).not.toBeNull();
    expect(r.total.handle?.count).toBeGreaterThanOrEqual(1);
    const csv = await fetch(`${t.url}/api/reports.csv?org=${SCHOOL}`, {
      headers: { authorization: `Bearer ${await t.token('guard1')}` },
    });
    expect(await csv.text()).toContain('到场用时中位数（秒）');
  });

  it('retries a dispatch SMS that failed, though the alert is acknowledged (escalation stops retrying then)', async () => {
    const alert = await openedAlert(t, alertTrigger({ rule: 'default:fire', type: 'fire' }));
    await t.as('guard1', `/api/alerts/${alert.id}/ack`, { method: 'POST', body: {} });
    const sent = t.double.requests.length;
    t.double.failNext(1, 500);
    const created = await t.as('guard1', `/api/alerts/${alert.id}/dispatches`, {
      method: 'POST',
      body: { person: 'user:teacher9' },
    });
    expect(created.body).toMatchObject({ name: '王老师', phone: '+86139****0009' });
    const tries = await t.double.waitFor((r) =>
      r.slice(sent).some((x) => x.to === TEACHER_PHONE && x.status === 201),
    );
    expect(
      tries
        .slice(sent)
        .filter((x) => x.to === TEACHER_PHONE)
        .map((x) => x.status),
    ).toEqual([500, 201]);
    await waitFor(async () =>
      (await timeline(alert.id)).some((i) => i.kind === 'notified' && i.to === TEACHER_PHONE)
        ? true
        : undefined,
    );
  });

  it('takes at most 20 photos from one person', async () => {
    const alert = await openedAlert(t, alertTrigger({ rule: 'default:fire', type: 'fire' }));
    const sent = t.double.requests.length;
    await t.as('guard1', `/api/alerts/${alert.id}/dispatches`, {
      method: 'POST',
      body: { person: contactPersonId(PHONE.school) },
    });
    const sms = await t.double.waitFor((r) => r.slice(sent).some((x) => /\/r\//.test(x.body ?? '')));
    const token = /\/r\/([A-Za-z0-9_-]{43})/.exec(
      sms.slice(sent).find((x) => /\/r\//.test(x.body ?? ''))!.body!,
    )![1]!;
    const send = async (n: number) => {
      const form = new FormData();
      for (let i = 0; i < n; i += 1)
        form.append('photos', new Blob([jpegBytes()], { type: 'image/jpeg' }), `${i}.jpg`);
      return (await fetch(`${t.url}/api/public/responders/${token}/marks`, { method: 'POST', body: form }))
        .status;
    };
    for (let i = 0; i < 6; i += 1) expect(await send(3)).toBe(200);
    expect(await send(3)).toBe(400);
    expect(await send(2)).toBe(200);
    expect(await send(1)).toBe(400);
  });
});
