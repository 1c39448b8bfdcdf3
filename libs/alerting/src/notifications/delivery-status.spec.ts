import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import {
  deliveryTimelineItem,
  mapCallStatus,
  mapMessageStatus,
  parseStatusCallback,
  statusCallbackUrl,
  verifyTwilioSignature,
} from './delivery-status';

const TOKEN = 'test-auth-token';
const url = statusCallbackUrl('https://platform.example/api/twilio/status', {
  alertId: 'a1',
  level: 'county',
  channel: 'sms',
});
const params = {
  AccountSid: `AC${'1'.repeat(32)}`,
  MessageSid: `SM${'a'.repeat(32)}`,
  MessageStatus: 'delivered',
  To: '+8613800000002',
  From: '+15005550006',
};
const sign = (u: string, p: Record<string, string>, token = TOKEN) =>
  twilio.getExpectedTwilioSignature(token, u, p);

describe('X-Twilio-Signature', () => {
  it('accepts a correctly signed callback', () => {
    expect(verifyTwilioSignature(TOKEN, sign(url, params), url, params)).toBe(true);
    const parsed = parseStatusCallback({ authToken: TOKEN, url, signature: sign(url, params), params });
    expect(parsed).toEqual({
      ok: true,
      callback: {
        channel: 'sms',
        sid: params.MessageSid,
        delivery: { outcome: 'delivered', status: 'delivered', retryable: false },
        errorCode: undefined,
        to: '+8613800000002',
        alertId: 'a1',
        level: 'county',
      },
    });
  });

  it('rejects a tampered, missing or foreign signature', () => {
    const signature = sign(url, params);
    expect(verifyTwilioSignature(TOKEN, signature, url, { ...params, MessageStatus: 'failed' })).toBe(false);
    expect(verifyTwilioSignature(TOKEN, signature, url.replace('alert=a1', 'alert=a2'), params)).toBe(false);
    expect(verifyTwilioSignature(TOKEN, sign(url, params, 'other-token'), url, params)).toBe(false);
    expect(verifyTwilioSignature(TOKEN, undefined, url, params)).toBe(false);
    expect(
      parseStatusCallback({
        authToken: TOKEN,
        url,
        signature,
        params: { ...params, MessageStatus: 'failed' },
      }),
    ).toEqual({ ok: false, reason: 'invalid X-Twilio-Signature' });
  });

  it('reads call callbacks too', () => {
    const callUrl = statusCallbackUrl('https://platform.example/cb', {
      alertId: 'a9',
      level: 'school',
      channel: 'voice',
    });
    const call = { CallSid: `CA${'b'.repeat(32)}`, CallStatus: 'no-answer', To: '+8613800000001' };
    const parsed = parseStatusCallback({
      authToken: TOKEN,
      url: callUrl,
      signature: sign(callUrl, call),
      params: call,
    });
    expect(parsed).toMatchObject({
      ok: true,
      callback: {
        channel: 'voice',
        alertId: 'a9',
        level: 'school',
        delivery: { outcome: 'failed', retryable: true },
      },
    });
  });
});

describe('status mapping', () => {
  it('maps MessageStatus', () => {
    expect(
      ['queued', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'canceled'].map(
        (s) => mapMessageStatus(s).outcome,
      ),
    ).toEqual(['pending', 'pending', 'delivered', 'delivered', 'failed', 'failed', 'failed']);
  });

  it('maps CallStatus', () => {
    expect(
      ['queued', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed'].map((s) =>
        mapCallStatus(s),
      ),
    ).toEqual([
      { outcome: 'pending', status: 'queued', retryable: false },
      { outcome: 'pending', status: 'ringing', retryable: false },
      { outcome: 'pending', status: 'in-progress', retryable: false },
      { outcome: 'delivered', status: 'completed', retryable: false },
      { outcome: 'failed', status: 'busy', retryable: true },
      { outcome: 'failed', status: 'no-answer', retryable: true },
      { outcome: 'failed', status: 'failed', retryable: false },
    ]);
  });

  it('turns final statuses into timeline items', () => {
    const at = new Date('2026-11-28T10:01:00.000Z');
    const base = {
      channel: 'sms' as const,
      sid: 'SM1',
      to: '+86138',
      alertId: 'a1',
      level: 'county' as const,
    };
    expect(
      deliveryTimelineItem({ ...base, delivery: mapMessageStatus('sent'), errorCode: undefined }, at),
    ).toBeNull();
    expect(
      deliveryTimelineItem({ ...base, delivery: mapMessageStatus('delivered'), errorCode: undefined }, at),
    ).toEqual({
      at: at.toISOString(),
      kind: 'notified',
      channel: 'sms',
      level: 'county',
      to: '+86138',
      result: 'delivered',
    });
    expect(
      deliveryTimelineItem({ ...base, delivery: mapMessageStatus('undelivered'), errorCode: '30003' }, at),
    ).toEqual({
      at: at.toISOString(),
      kind: 'notification_failed',
      channel: 'sms',
      level: 'county',
      to: '+86138',
      result: 'undelivered (error 30003)',
    });
  });
});
