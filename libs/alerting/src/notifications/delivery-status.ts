import { ORG_LEVELS, type NotificationChannel, type OrgLevel } from '@campus/device-protocols';
import twilio from 'twilio';
import type { DeliveryOutcome } from '@campus/api-contract';
import type { TimelineItem } from '../domain/alert';
import type { NotificationRequest } from './notifier';

/**
 * Twilio status callbacks (`statusCallback` of a message or call): signature check and mapping of
 * MessageStatus / CallStatus to an outcome. The callback URL carries the alert, level and
 * channel in its query so the handler can put the outcome on the right timeline.
 */
export type { DeliveryOutcome } from '@campus/api-contract';

export interface DeliveryStatus {
  outcome: DeliveryOutcome;
  /** Twilio's own status word. */
  status: string;
  /** For failures: whether trying again may help (busy, no answer). */
  retryable: boolean;
}

export interface StatusCallback {
  channel: NotificationChannel;
  sid: string;
  delivery: DeliveryStatus;
  to: string | undefined;
  errorCode: string | undefined;
  alertId: string | undefined;
  level: OrgLevel | undefined;
}

/** `base` with the notification's alert, level and channel added to the query. */
export function statusCallbackUrl(
  base: string,
  n: Pick<NotificationRequest, 'alertId' | 'level' | 'channel'>,
): string {
  const url = new URL(base);
  url.searchParams.set('alert', n.alertId);
  url.searchParams.set('level', n.level);
  url.searchParams.set('channel', n.channel);
  return url.toString();
}

/**
 * Whether `signature` (the `X-Twilio-Signature` header) is Twilio's signature of `url` (exactly
 * as Twilio requested it, query included) and the POSTed form `params`.
 */
export function verifyTwilioSignature(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, string>,
): boolean {
  if (signature === undefined || signature === '') return false;
  return twilio.validateRequest(authToken, signature, url, params);
}

const MESSAGE_PENDING = new Set(['accepted', 'scheduled', 'queued', 'sending', 'sent', 'receiving']);
const MESSAGE_DELIVERED = new Set(['delivered', 'read', 'received', 'partially_delivered']);

export function mapMessageStatus(status: string): DeliveryStatus {
  if (MESSAGE_DELIVERED.has(status)) return { outcome: 'delivered', status, retryable: false };
  if (MESSAGE_PENDING.has(status)) return { outcome: 'pending', status, retryable: false };
  // failed, undelivered, canceled and anything unknown
  return { outcome: 'failed', status, retryable: status === 'undelivered' };
}

const CALL_PENDING = new Set(['queued', 'initiated', 'ringing', 'in-progress']);

export function mapCallStatus(status: string): DeliveryStatus {
  if (status === 'completed') return { outcome: 'delivered', status, retryable: false };
  if (CALL_PENDING.has(status)) return { outcome: 'pending', status, retryable: false };
  // busy, no-answer, failed, canceled and anything unknown
  return { outcome: 'failed', status, retryable: status === 'busy' || status === 'no-answer' };
}

/** Verifies and reads one status callback; `url` is the full URL Twilio posted to. */
export function parseStatusCallback(input: {
  authToken: string;
  url: string;
  signature: string | undefined;
  params: Record<string, string>;
}): { ok: true; callback: StatusCallback } | { ok: false; reason: string } {
  const { params } = input;
  if (!verifyTwilioSignature(input.authToken, input.signature, input.url, params)) {
    return { ok: false, reason: 'invalid X-Twilio-Signature' };
  }
  const query = new URL(input.url).searchParams;
  const level = query.get('level');
  const common = {
    to: params['To'],
    alertId: query.get('alert') ?? undefined,
    level: ORG_LEVELS.find((l) => l === level),
  };
  const messageStatus = params['MessageStatus'] ?? params['SmsStatus'];
  const messageSid = params['MessageSid'] ?? params['SmsSid'];
  if (messageStatus !== undefined && messageSid !== undefined) {
    return {
      ok: true,
      callback: {
        channel: 'sms',
        sid: messageSid,
        delivery: mapMessageStatus(messageStatus),
        errorCode: params['ErrorCode'],
        ...common,
      },
    };
  }
  const callStatus = params['CallStatus'];
  const callSid = params['CallSid'];
  if (callStatus !== undefined && callSid !== undefined) {
    return {
      ok: true,
      callback: {
        channel: 'voice',
        sid: callSid,
        delivery: mapCallStatus(callStatus),
        errorCode: params['ErrorCode'] ?? params['SipResponseCode'],
        ...common,
      },
    };
  }
  return { ok: false, reason: 'neither MessageStatus nor CallStatus in the callback' };
}

/** The timeline item a final status adds (`notified` delivered / `notification_failed`), or null. */
export function deliveryTimelineItem(cb: StatusCallback, at: Date): TimelineItem | null {
  if (cb.delivery.outcome === 'pending') return null;
  const base = {
    at: at.toISOString(),
    channel: cb.channel,
    ...(cb.level === undefined ? {} : { level: cb.level }),
    ...(cb.to === undefined ? {} : { to: cb.to }),
  };
  if (cb.delivery.outcome === 'delivered') return { ...base, kind: 'notified', result: cb.delivery.status };
  const code = cb.errorCode === undefined ? '' : ` (error ${cb.errorCode})`;
  return { ...base, kind: 'notification_failed', result: `${cb.delivery.status}${code}` };
}
