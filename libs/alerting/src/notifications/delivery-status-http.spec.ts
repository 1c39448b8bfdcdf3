import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@campus/test-kit';
import {
  PHONE,
  alertTrigger,
  openedAlert,
  startAlertingHttp,
  type AlertingHttp,
} from '../testing/alerting-http.fixture';
import { NotificationRepository } from '../db/notification-repository';
import type { TimelineItem } from '../domain/alert';
import { AlertServiceConfigError, loadAlertServiceConfig, parsePublicUrl } from '../app/alert-service-config';
import type { RecordedTwilioRequest } from '../testing/twilio-double';

const PUBLIC_URL = 'https://campus.example.cn';
const STATUS_PATH = '/api/notifications/twilio/status';

describe('delivery-status callbacks with PUBLIC_URL', () => {
  let t: AlertingHttp;
  beforeAll(async () => {
    t = await startAlertingHttp({ publicUrl: PUBLIC_URL });
  });
  afterAll(() => t.close());

  const repo = () => t.handle.app.get(NotificationRepository);
  const timelineOf = async (id: string): Promise<TimelineItem[]> =>
    ((await t.as('root', `/api/alerts/${id}/timeline`)).body as { items: TimelineItem[] }).items;

  /** The SMS of a fresh alert once its attempt (with the sid) is stored. */
  async function sms(): Promise<{ alertId: string; callbackUrl: string; sid: string }> {
    const alert = await openedAlert(t, alertTrigger({ severity: 'high' }));
    let request: RecordedTwilioRequest | undefined;
    await waitFor(
      () =>
        (request = t.double.requests.find(
          (r) => r.kind === 'sms' && r.sid !== undefined && r.statusCallback?.includes(alert.id),
        )) !== undefined,
    );
    const { sid, statusCallback } = request as RecordedTwilioRequest;
    const stored = await waitFor(() => repo().findByProviderSid(sid as string), {
      timeoutMs: 5_000,
      intervalMs: 20,
      what: 'the notification stored under its provider sid',
    });
    expect(stored.alertId).toBe(alert.id);
    return { alertId: alert.id, callbackUrl: statusCallback as string, sid: sid as string };
  }

  /** POSTs `params` form-encoded to the local server at the callback URL's path and query. */
  async function post(callbackUrl: string, params: Record<string, string>, signature?: string) {
    const { pathname, search } = new URL(callbackUrl);
    const res = await fetch(`${t.url}${pathname}${search}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(signature === undefined ? {} : { 'x-twilio-signature': signature }),
      },
      body: new URLSearchParams(params).toString(),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  const sign = (url: string, params: Record<string, string>, token = t.double.authToken) =>
    twilio.getExpectedTwilioSignature(token, url, params);

  const smsParams = (sid: string, status: string, extra: Record<string, string> = {}) => ({
    AccountSid: t.double.accountSid,
    MessageSid: sid,
    SmsSid: sid,
    MessageStatus: status,
    SmsStatus: status,
    To: PHONE.school,
    From: '+15005550006',
    ApiVersion: '2010-04-01',
    ...extra,
  });

  it('asks Twilio for callbacks at PUBLIC_URL with the alert, level and channel', async () => {
    const { alertId, callbackUrl } = await sms();
    const url = new URL(callbackUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${PUBLIC_URL}${STATUS_PATH}`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ alert: alertId, level: 'school', channel: 'sms' });
  });

  it('a signed `delivered` callback marks the attempt and adds `notified … delivered` to the timeline', async () => {
    const { alertId, callbackUrl, sid } = await sms();
    const params = smsParams(sid, 'delivered');
    const res = await post(callbackUrl, params, sign(callbackUrl, params));
    expect(res).toEqual({ status: 204, body: undefined });

    expect((await repo().findByProviderSid(sid))?.status).toBe('delivered');
    const delivered = (await timelineOf(alertId)).filter((i) => i.result === 'delivered');
    expect(delivered).toEqual([
      expect.objectContaining({
        kind: 'notified',
        channel: 'sms',
        level: 'school',
        to: PHONE.school,
        result: 'delivered',
      }),
    ]);

    // the same callback again, and a late `sent` after it: nothing more
    expect((await post(callbackUrl, params, sign(callbackUrl, params))).status).toBe(204);
    const late = smsParams(sid, 'sent');
    expect((await post(callbackUrl, late, sign(callbackUrl, late))).status).toBe(204);
    expect((await repo().findByProviderSid(sid))?.status).toBe('delivered');
    expect((await timelineOf(alertId)).filter((i) => i.result === 'delivered')).toHaveLength(1);
  });

  it('a signed `failed` callback adds `notification_failed` with the error code', async () => {
    const { alertId, callbackUrl, sid } = await sms();
    const params = smsParams(sid, 'failed', { ErrorCode: '30003' });
    expect((await post(callbackUrl, params, sign(callbackUrl, params))).status).toBe(204);

    const record = await repo().findByProviderSid(sid);
    expect(record).toMatchObject({ status: 'failed', error: 'failed (error 30003)' });
    const items = (await timelineOf(alertId)).filter((i) => i.kind === 'notification_failed');
    expect(items).toEqual([
      expect.objectContaining({
        channel: 'sms',
        level: 'school',
        to: PHONE.school,
        result: 'failed (error 30003)',
      }),
    ]);
  });

  it('a voice call that was not answered adds `notification_failed`', async () => {
    const alert = await openedAlert(t, alertTrigger({ severity: 'high' }));
    const sid = `CA${'ab'.repeat(16)}`;
    await repo().record({
      alertId: alert.id,
      level: 'county',
      channel: 'voice',
      to: PHONE.county,
      status: 'queued',
      providerSid: sid,
    });
    const callbackUrl = `${PUBLIC_URL}${STATUS_PATH}?alert=${alert.id}&level=county&channel=voice`;
    const params = {
      AccountSid: t.double.accountSid,
      CallSid: sid,
      CallStatus: 'no-answer',
      To: PHONE.county,
    };
    expect((await post(callbackUrl, params, sign(callbackUrl, params))).status).toBe(204);
    expect((await repo().findByProviderSid(sid))?.status).toBe('no-answer');
    expect((await timelineOf(alert.id)).filter((i) => i.kind === 'notification_failed')).toEqual([
      expect.objectContaining({ channel: 'voice', level: 'county', to: PHONE.county, result: 'no-answer' }),
    ]);
  });

  it('a tampered body, a wrong or missing signature, or another URL → 403 and nothing changes', async () => {
    const { alertId, callbackUrl, sid } = await sms();
    const before = await timelineOf(alertId);
    const signed = smsParams(sid, 'delivered');
    const signature = sign(callbackUrl, signed);
    const forbidden = { status: 403, body: { error: 'invalid Twilio signature' } };

    // the body says failed, the signature was made for delivered
    expect(
      await post(callbackUrl, { ...signed, MessageStatus: 'failed', SmsStatus: 'failed' }, signature),
    ).toEqual(forbidden);
    // signed with another auth token
    expect(await post(callbackUrl, signed, sign(callbackUrl, signed, 'not-the-auth-token'))).toEqual(
      forbidden,
    );
    // no signature at all
    expect(await post(callbackUrl, signed)).toEqual(forbidden);
    // signed for the URL of another alert
    const other = callbackUrl.replace(alertId, '00000000-0000-0000-0000-000000000000');
    expect(await post(other, signed, signature)).toEqual(forbidden);

    expect((await repo().findByProviderSid(sid))?.status).toBe('queued');
    expect(await timelineOf(alertId)).toEqual(before);
  });

  it('an unknown sid is acknowledged (204) so Twilio stops retrying', async () => {
    const callbackUrl = `${PUBLIC_URL}${STATUS_PATH}?alert=nope&level=school&channel=sms`;
    const params = smsParams(`SM${'0'.repeat(32)}`, 'delivered');
    expect((await post(callbackUrl, params, sign(callbackUrl, params))).status).toBe(204);
  });
});

describe('without PUBLIC_URL', () => {
  let t: AlertingHttp;
  beforeAll(async () => {
    t = await startAlertingHttp();
  });
  afterAll(() => t.close());

  it('the notifier requests no StatusCallback, and callbacks are refused', async () => {
    const alert = await openedAlert(t, alertTrigger({ severity: 'high' }));
    const [request] = await t.double.waitFor((rs) => rs.some((r) => r.kind === 'sms' && r.sid !== undefined));
    expect(request).toBeDefined();
    expect(t.double.requests.filter((r) => r.statusCallback !== undefined)).toEqual([]);

    const url = `${PUBLIC_URL}${STATUS_PATH}?alert=${alert.id}&level=school&channel=sms`;
    const params = { MessageSid: request?.sid ?? '', MessageStatus: 'delivered' };
    const res = await fetch(`${t.url}${STATUS_PATH}?alert=${alert.id}&level=school&channel=sms`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(t.double.authToken, url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(403);
  });
});

describe('PUBLIC_URL in the alert-service config', () => {
  const base = { MQTT_URL: 'mqtt://broker:1883', MQTT_SERVICE_USERNAME: 'u', MQTT_SERVICE_PASSWORD: 'p' };

  it('is optional, and kept without a trailing slash', () => {
    expect(loadAlertServiceConfig(base).publicUrl).toBeUndefined();
    expect(loadAlertServiceConfig({ ...base, PUBLIC_URL: ' ' }).publicUrl).toBeUndefined();
    expect(loadAlertServiceConfig({ ...base, PUBLIC_URL: 'https://campus.example.cn/' }).publicUrl).toBe(
      'https://campus.example.cn',
    );
    expect(parsePublicUrl('http://10.0.0.5:8080/campus')).toBe('http://10.0.0.5:8080/campus');
  });

  it.each(['campus.example.cn', 'ftp://campus.example.cn', 'https://campus.example.cn/?a=1'])(
    'refuses %s',
    (value) => {
      expect(() => loadAlertServiceConfig({ ...base, PUBLIC_URL: value })).toThrow(AlertServiceConfigError);
    },
  );
});
