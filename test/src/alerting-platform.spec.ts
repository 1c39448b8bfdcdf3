import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwilioDouble } from '@campus/alerting/testing';
import { ApiUser } from './testing/api-client';
import { connectDevice } from './testing/device-client';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A } from './testing/test-sites';
import { fetchMetrics, metricValue } from './testing/metrics-reader';
import { waitFor } from '@campus/test-kit';

type AlertJson = {
  id: string;
  type: string;
  severity: string;
  level: string;
  status: string;
  device: string;
};

const SCHOOL_PHONE = '+8613800000001';
const COUNTY_PHONE = '+8613800000002';
const CITY_PHONE = '+8613800000003';
const OTHER_COUNTY_PHONE = '+8613800000012';

describe('npm start: a smoke alarm end to end (MQTT → rules → alert → API, socket.io, SMS and voice)', () => {
  let platform: TestPlatform;
  let twilio: TwilioDouble;
  let base: string;
  let mqttUrl: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform();
    ({ twilio, base, mqttUrl } = platform);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await platform?.stop();
  });

  it('pages up the chain until acknowledged, visible only within scope', async () => {
    const [school1, yanta, weibin] = await Promise.all([
      ApiUser.login(base, 'school1'),
      ApiUser.login(base, 'yanta'),
      ApiUser.login(base, 'weibin'),
    ]);
    const countyLive = await yanta.live();
    const otherCountyLive = await weibin.live();
    sockets.push(countyLive.socket, otherCountyLive.socket);

    // A smoke detector at a red risk point in the lab.
    const device = await connectDevice(mqttUrl, 'smk-0001');
    await device.publishAsync(`campus/v1/${SCHOOL_A}/smk-0001/event`, JSON.stringify({ type: 'smoke' }), {
      qos: 1,
    });
    const opened = Date.now();

    const alert = await waitFor(
      async () => {
        const { body } = await school1.request('GET', '/api/alerts?status=open');
        return (body as { items: AlertJson[] }).items.find((a) => a.type === 'smoke');
      },
      { what: 'the smoke alert in the school user’s list' },
    );
    expect(alert).toMatchObject({
      severity: 'critical',
      status: 'open',
      device: 'smk-0001',
      school: SCHOOL_A,
    });

    // The county sees it, live and in its list; another county does not, in any way.
    await waitFor(() => countyLive.alerts.some((a) => a['id'] === alert.id), {
      what: 'socket.io alert to the county',
    });
    const countyList = await yanta.request('GET', '/api/alerts?status=open');
    expect((countyList.body as { items: AlertJson[] }).items.map((a) => a.id)).toContain(alert.id);
    expect((await weibin.request('GET', '/api/alerts?status=open')).body).toEqual({ items: [] });
    for (const [method, path, body] of [
      ['GET', `/api/alerts/${alert.id}/timeline`, undefined],
      ['POST', `/api/alerts/${alert.id}/ack`, {}],
      ['POST', `/api/alerts/${alert.id}/resolve`, { disposition: 'false_alarm' }],
    ] as const) {
      expect((await weibin.request(method, path, body)).status).toBe(404);
    }

    // The school's contact at once, the county's at 4 s (SMS and call), the city's at 8 s.
    await twilio.waitFor((r) => r.some((q) => q.to === SCHOOL_PHONE && q.kind === 'voice'), 5_000);
    const county = await twilio.waitFor((r) => r.filter((q) => q.to === COUNTY_PHONE).length >= 2, 15_000);
    const countyRequests = county.filter((q) => q.to === COUNTY_PHONE);
    expect(countyRequests.map((q) => q.kind).sort()).toEqual(['sms', 'voice']);
    for (const q of countyRequests) expect(q.at.getTime() - opened).toBeGreaterThanOrEqual(3_500);
    const city = await twilio.waitFor((r) => r.some((q) => q.to === CITY_PHONE), 15_000);
    expect(city.find((q) => q.to === CITY_PHONE)!.at.getTime() - opened).toBeGreaterThanOrEqual(7_500);
    expect(twilio.requests.some((q) => q.to === OTHER_COUNTY_PHONE)).toBe(false);
    expect(otherCountyLive.alerts).toEqual([]);

    const { body: afterEscalation } = await yanta.request('GET', `/api/alerts/${alert.id}`);
    expect(afterEscalation).toMatchObject({ level: 'city' });
    const { body: timeline } = await school1.request('GET', `/api/alerts/${alert.id}/timeline`);
    const items = (timeline as { items: Record<string, unknown>[] }).items;
    expect(items[0]).toMatchObject({ kind: 'opened' });
    expect(items).toContainEqual(
      expect.objectContaining({ kind: 'notified', level: 'county', channel: 'voice', to: COUNTY_PHONE }),
    );
    // one /metrics for both parts: the gateway's and the alert service's (docs/operations.md, "Metrics")
    const page = await fetchMetrics(Number(new URL(base).port));
    expect(metricValue(page, 'campus_messages_received_total')).toBeGreaterThan(0);
    expect(metricValue(page, 'campus_alerts_opened_total', { type: 'smoke', severity: 'critical' })).toBe(1);
    expect(metricValue(page, 'campus_escalation_steps_total', { level: 'city' })).toBe(1);
    expect(metricValue(page, 'campus_escalation_step_lateness_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(metricValue(page, 'campus_notifications_total', { result: 'sent' })).toBeGreaterThanOrEqual(5);
    expect(metricValue(page, 'campus_intake_lag_seconds_count', { lane: 'alarms' })).toBeGreaterThan(0);
    await device.endAsync();
  });

  it('stops the chain when the school acknowledges', async () => {
    const school1 = await ApiUser.login(base, 'school1');
    twilio.reset();
    const device = await connectDevice(mqttUrl, 'smk-0001');
    await device.publishAsync(`campus/v1/${SCHOOL_A}/smk-0001/event`, JSON.stringify({ type: 'fire' }), {
      qos: 1,
    });
    const published = Date.now();
    await device.endAsync();
    const fire = await waitFor(async () => {
      const { body } = await school1.request('GET', '/api/alerts?status=open');
      return (body as { items: AlertJson[] }).items.find((a) => a.type === 'fire');
    });
    const ack = await school1.request('POST', `/api/alerts/${fire.id}/ack`, { note: '已到场确认' });
    expect(ack).toMatchObject({ status: 200, body: { status: 'acknowledged' } });
    await twilio.waitFor((r) => r.some((q) => q.to === SCHOOL_PHONE), 5_000);

    // An absence can only be seen once its moment has passed: the county step was due 4 s after
    // opening; look a second after that.
    const countyStepPassed = published + 5_000;
    await waitFor(() => Date.now() >= countyStepPassed, {
      timeoutMs: 10_000,
      intervalMs: 100,
      what: 'the county step’s time',
    });
    expect(twilio.requests.filter((q) => q.to === COUNTY_PHONE)).toEqual([]);
    const { body: timeline } = await school1.request('GET', `/api/alerts/${fire.id}/timeline`);
    const kinds = (timeline as { items: { kind: string }[] }).items.map((i) => i.kind);
    expect(kinds).toContain('acknowledged');
    expect(kinds).not.toContain('escalated');
  });

  it('serves a device’s telemetry from the store, within scope (GET /api/telemetry)', async () => {
    const [school1, weibin] = await Promise.all([
      ApiUser.login(base, 'school1'),
      ApiUser.login(base, 'weibin'),
    ]);
    const device = await connectDevice(mqttUrl, 'tmp-0001');
    const ts = Date.now() - 60_000;
    await device.publishAsync(
      `campus/v1/${SCHOOL_A}/tmp-0001/telemetry`,
      JSON.stringify({ ts, metrics: { temperature: 22.5 } }),
      { qos: 1 },
    );
    await device.endAsync();
    const query = `/api/telemetry?device=tmp-0001&metric=temperature&from=${ts - 1}&to=${new Date(ts + 1).toISOString()}`;
    expect(await school1.request('GET', query)).toEqual({
      status: 200,
      body: { points: [{ ts: new Date(ts).toISOString(), value: 22.5 }] },
    });
    expect((await weibin.request('GET', query)).status).toBe(404);
    expect(
      (await school1.request('GET', '/api/telemetry?device=tmp-0001&metric=temperature&from=yesterday'))
        .status,
    ).toBe(400);
    const lastHour = await school1.request('GET', '/api/telemetry?device=tmp-0001&metric=temperature');
    expect(lastHour).toMatchObject({ status: 200, body: { points: [{ value: 22.5 }] } });
  });
});
