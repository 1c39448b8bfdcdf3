import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as delay } from 'node:timers/promises';
import { waitFor } from '@campus/test-kit';
import { AlertRepository } from '../db/alert-repository';
import { EscalationRepository } from '../db/escalation-repository';
import { NotificationRepository } from '../db/notification-repository';
import type { Alert, TimelineItem } from '../domain/alert';
import type { HazardTrigger } from '../domain/trigger';
import { EscalationRuntime } from '../app/escalation-runtime';
import {
  PHONE,
  alertTrigger,
  hazardTrigger,
  openedAlert,
  startAlertingHttp,
  type AlertingHttp,
} from '../testing/alerting-http.fixture';

let t: AlertingHttp;
beforeAll(async () => {
  t = await startAlertingHttp();
});
afterAll(() => t.close());

const CONTRACT_KEYS = [
  'id',
  'type',
  'severity',
  'status',
  'level',
  'school',
  'county',
  'city',
  'province',
  'device',
  'openedAt',
  'acknowledgedAt',
  'resolvedAt',
  'occurrences',
  'acknowledgedBy',
  'resolvedBy',
  'disposition',
  'note',
  'rule',
  'drill',
  'panic',
  'lastOccurredAt',
  'autoResolvable',
  'detail',
  // docs/alerting.md, "视频复核": the first camera snapshot, additive
  'snapshot',
  // docs/alerting.md, "HTTP API": sites-file fields, additive
  'schoolName',
  'countyName',
  'cityName',
  'deviceKind',
  'location',
  'risk',
].sort();

const sent = (to: string, since: number, kind?: 'sms' | 'voice') =>
  t.double.requests.filter(
    (r) => r.to === to && r.at.getTime() >= since && (kind === undefined || r.kind === kind),
  );

const timelineOf = async (id: string): Promise<TimelineItem[]> =>
  ((await t.as('root', `/api/alerts/${id}/timeline`)).body as { items: TimelineItem[] }).items;

describe('a critical smoke alert at a red risk point', () => {
  it('opens one alert, is scoped, broadcast, and escalates school → county → city until acknowledged', async () => {
    const yanta = await t.socket('yanta');
    const weiyang = await t.socket('weiyang');
    const start = Date.now();
    const trigger = alertTrigger({ severity: 'critical', device: 'smk-0001' });
    const alert = await openedAlert(t, trigger);

    expect(alert).toMatchObject({
      type: 'smoke',
      severity: 'critical',
      status: 'open',
      level: 'school',
      occurrences: 1,
    });
    const viaHttp = await t.as('guard1', `/api/alerts/${alert.id}`);
    expect(viaHttp.status).toBe(200);
    expect(Object.keys(viaHttp.body as object).sort()).toEqual(CONTRACT_KEYS);
    expect(viaHttp.body).toMatchObject({
      id: alert.id,
      school: '2161010001',
      county: '610113',
      city: '610100',
      device: 'smk-0001',
    });
    for (const user of ['guard1', 'yanta']) {
      const list = (await t.as(user, '/api/alerts?status=open')).body as { items: Alert[] };
      expect(list.items.filter((a) => a.id === alert.id)).toHaveLength(1);
    }
    for (const [method, path, body] of [
      ['GET', `/api/alerts/${alert.id}`, undefined],
      ['GET', `/api/alerts/${alert.id}/timeline`, undefined],
      ['POST', `/api/alerts/${alert.id}/ack`, {}],
      ['POST', `/api/alerts/${alert.id}/resolve`, { disposition: 'false_alarm' }],
    ] as const) {
      expect((await t.as('weiyang', path, { method, body })).status, `${method} ${path}`).toBe(404);
    }
    expect(
      ((await t.as('weiyang', '/api/alerts')).body as { items: Alert[] }).items.map((a) => a.id),
    ).not.toContain(alert.id);

    await waitFor(() => yanta.alerts.some((a) => a.id === alert.id));
    expect(yanta.alerts.find((a) => a.id === alert.id)).toMatchObject({
      status: 'open',
      severity: 'critical',
    });

    // school at once, county (sms + voice) after 2 s, city after 4 s
    await t.double.waitFor(() => sent(PHONE.school, start, 'sms').length >= 1, 2_000);
    await t.double.waitFor(() => sent(PHONE.county, start).length >= 2, 5_000);
    expect(
      sent(PHONE.county, start)
        .map((r) => r.kind)
        .sort(),
    ).toEqual(['sms', 'voice']);
    expect(sent(PHONE.county, start)[0]!.at.getTime() - start).toBeGreaterThanOrEqual(1_900);
    await t.double.waitFor(() => sent(PHONE.city, start, 'sms').length >= 1, 5_000);
    expect(sent(PHONE.city, start)[0]!.at.getTime() - start).toBeGreaterThanOrEqual(3_900);

    await waitFor(() => yanta.alerts.some((a) => a.id === alert.id && a.level === 'city'));
    expect(yanta.alerts.some((a) => a.id === alert.id && a.level === 'county')).toBe(true);
    const now = (await t.as('yanta', `/api/alerts/${alert.id}`)).body as Alert;
    expect(now.level).toBe('city');

    const items: TimelineItem[] = await waitFor(
      async () => {
        const now = await timelineOf(alert.id);
        return now.filter((i) => i.kind === 'notified').length >= 4 ? now : undefined;
      },
      { timeoutMs: 3_000, intervalMs: 50, what: 'four notifications in the timeline' },
    );
    expect(items[0]).toMatchObject({ kind: 'opened' });
    expect(items.filter((i) => i.kind === 'escalated').map((i) => i.level)).toEqual(['county', 'city']);
    const notified = items.filter((i) => i.kind === 'notified');
    expect(notified.map((i) => [i.level, i.channel, i.to]).sort()).toEqual(
      [
        ['city', 'sms', PHONE.city],
        ['county', 'sms', PHONE.county],
        ['county', 'voice', PHONE.county],
        ['school', 'sms', PHONE.school],
      ].sort(),
    );
    for (const i of notified) expect(i.result).toBe('queued');
    for (const i of items) expect(typeof i.at).toBe('string');

    const acked = await t.as('yanta', `/api/alerts/${alert.id}/ack`, { body: { note: '已电话联系学校' } });
    expect(acked.status).toBe(200);
    expect(weiyang.alerts).toEqual([]);
  });

  it('stops paging when acknowledged: no city message after the ack', async () => {
    const start = Date.now();
    const alert = await openedAlert(
      t,
      alertTrigger({ severity: 'critical', device: 'sos-0001', type: 'fire' }),
    );
    await t.double.waitFor(() => sent(PHONE.county, start, 'sms').length >= 1, 5_000);
    const acked = await t.as('guard1', `/api/alerts/${alert.id}/ack`, { body: { note: '现场确认' } });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'guard1', note: '现场确认' });
    expect((acked.body as Alert).acknowledgedAt).not.toBeNull();
    await delay(Math.max(0, start + 5_500 - Date.now())); // past the city step's time
    expect(sent(PHONE.city, start)).toEqual([]);
    const items = await timelineOf(alert.id);
    expect(items.find((i) => i.kind === 'acknowledged')).toMatchObject({ by: 'guard1', note: '现场确认' });
    expect(items.some((i) => i.kind === 'escalated' && i.level === 'city')).toBe(false);

    const again = await t.as('guard1', `/api/alerts/${alert.id}/ack`, { body: {} });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: 'cannot acknowledge an alert that is acknowledged' });
    const resolved = await t.as('yanta', `/api/alerts/${alert.id}/resolve`, {
      body: { disposition: 'genuine' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: 'yanta', disposition: 'genuine' });
    const twice = await t.as('yanta', `/api/alerts/${alert.id}/resolve`, {
      body: { disposition: 'genuine' },
    });
    expect(twice.status).toBe(409);
  });
});

describe('repeats and all-clears', () => {
  it('counts a repeated trigger as an occurrence of the open alert', async () => {
    const first = alertTrigger();
    const alert = await openedAlert(t, first);
    const watcher = await t.socket('guard1');
    await t.alerts.handleTriggers([{ ...first, at: first.at + 1000 }]);
    const now = (await t.as('guard1', `/api/alerts/${alert.id}`)).body as Alert;
    expect(now.occurrences).toBe(2);
    expect(now.lastOccurredAt).toBe(new Date(first.at + 1000).toISOString());
    const all = ((await t.as('guard1', '/api/alerts')).body as { items: Alert[] }).items;
    expect(all.filter((a) => a.openedAt === alert.openedAt && a.device === alert.device)).toHaveLength(1);
    expect((await timelineOf(alert.id)).map((i) => i.kind)).toEqual(
      expect.arrayContaining(['opened', 'occurred']),
    );
    await waitFor(() => watcher.alerts.some((a) => a.id === alert.id && a.occurrences === 2));
    await t.as('guard1', `/api/alerts/${alert.id}/resolve`, { body: { disposition: 'false_alarm' } });
  });

  it('resolves an auto-resolvable alert on an all-clear, by system, disposition genuine', async () => {
    const trigger = alertTrigger({
      type: 'device_offline',
      rule: 'default:device_offline',
      severity: 'low',
      device: 'off-0001',
    });
    const alert = await openedAlert(t, trigger);
    expect(alert.autoResolvable).toBe(true);
    const watcher = await t.socket('yanta');
    await t.alerts.handleTriggers([{ kind: 'clear', key: trigger.key, at: trigger.at + 5000 }]);
    const now = (await t.as('yanta', `/api/alerts/${alert.id}`)).body as Alert;
    expect(now).toMatchObject({ status: 'resolved', resolvedBy: 'system', disposition: 'genuine' });
    expect(now.note).toContain('cleared automatically');
    expect((await timelineOf(alert.id)).at(-1)).toMatchObject({ kind: 'resolved', by: 'system' });
    await waitFor(() => watcher.alerts.some((a) => a.id === alert.id && a.status === 'resolved'));
    expect((await t.handle.app.get(EscalationRepository).get(alert.id))?.done).toBe(true);
  });

  it('never resolves a panic alert automatically, but a person may', async () => {
    const trigger = alertTrigger({ type: 'sos', device: 'sos-0001', panic: true, autoResolvable: true });
    const alert = await openedAlert(t, trigger);
    expect(alert).toMatchObject({ panic: true, autoResolvable: false });
    await t.alerts.handleTriggers([{ kind: 'clear', key: trigger.key, at: trigger.at + 5000 }]);
    expect(((await t.as('guard1', `/api/alerts/${alert.id}`)).body as Alert).status).toBe('open');
    const resolved = await t.as('guard1', `/api/alerts/${alert.id}/resolve`, {
      body: { disposition: 'drill', note: '误触' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', disposition: 'drill', resolvedBy: 'guard1' });
  });

  it('applies the rest of a batch when one trigger fails, then rethrows its error', async () => {
    const bad = hazardTrigger({ grade: 'catastrophic' as HazardTrigger['grade'] });
    const good = alertTrigger({ severity: 'low' });
    await expect(t.alerts.handleTriggers([bad, good])).rejects.toThrow();
    const alert = await t.handle.app.get(AlertRepository).findUnresolvedByKey(good.key);
    expect(alert?.status).toBe('open');
    const escalation = await t.handle.app.get(EscalationRepository).get(alert?.id ?? '');
    expect(escalation?.steps.map((s) => s.level)).toEqual(['school']);
    await t.as('guard1', `/api/alerts/${alert?.id}/resolve`, { body: { disposition: 'false_alarm' } });
  });

  it('an all-clear for an unknown key changes nothing', async () => {
    await expect(
      t.alerts.handleTriggers([{ kind: 'clear', key: 'nothing-here', at: Date.now() }]),
    ).resolves.toBeUndefined();
  });
});

describe('notification records', () => {
  it('stores every attempt; a retry links to the failed attempt and clears its retry time', async () => {
    await t.handle.app.get(EscalationRuntime).dispatcher.idle(); // nothing else in flight takes the failure
    const start = Date.now();
    t.double.failNext(1, 500);
    const alert = await openedAlert(t, alertTrigger({ severity: 'high' }));
    await t.double.waitFor((r) =>
      r.some((x) => x.to === PHONE.school && x.status === 201 && x.at.getTime() >= start),
    );
    const repo = t.handle.app.get(NotificationRepository);
    const rows = await waitFor(
      async () => {
        const now = await repo.listForAlert(alert.id);
        return now.length >= 2 ? now : undefined;
      },
      { timeoutMs: 3_000, intervalMs: 20, what: 'the retried notification' },
    );
    expect(rows.map((r) => [r.attempt, r.status, r.level, r.channel, r.to])).toEqual([
      [1, 'failed', 'school', 'sms', PHONE.school],
      [2, 'queued', 'school', 'sms', PHONE.school],
    ]);
    expect(rows[0]).toMatchObject({ nextAttemptAt: null, providerSid: null });
    expect(rows[0]?.error).toBeTruthy();
    expect(rows[1]).toMatchObject({ retryOf: rows[0]?.id, nextAttemptAt: null });
    expect(rows[1]?.providerSid).toMatch(/^SM/);
    const kinds = (await timelineOf(alert.id)).map((i) => i.kind);
    expect(kinds).toEqual(['opened', 'notification_failed', 'notified']);
    await t.as('guard1', `/api/alerts/${alert.id}/resolve`, { body: { disposition: 'genuine' } });
  });
});

describe('request validation', () => {
  it('answers 400 for a bad status or body, 404 for an unknown id, 401 without a token', async () => {
    const alert = await openedAlert(t, alertTrigger());
    expect((await t.as('guard1', '/api/alerts?status=closed')).status).toBe(400);
    const bad = await t.as('guard1', `/api/alerts/${alert.id}/resolve`, { body: { disposition: 'maybe' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid request body' });
    expect((await t.as('guard1', `/api/alerts/${alert.id}/resolve`, { body: {} })).status).toBe(400);
    expect((await t.as('guard1', `/api/alerts/${alert.id}/ack`, { body: { note: 5 } })).status).toBe(400);
    expect((await t.as('guard1', '/api/alerts/no-such-alert')).status).toBe(404);
    expect((await t.as('guard1', '/api/alerts/no-such-alert/timeline')).status).toBe(404);
    const res = await fetch(`${t.url}/api/alerts`);
    expect(res.status).toBe(401);
    const acked = await fetch(`${t.url}/api/alerts/${alert.id}/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.token('guard1')}` },
    });
    expect(acked.status).toBe(200);
  });
});
