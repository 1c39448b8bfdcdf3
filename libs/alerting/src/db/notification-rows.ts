import type { OrgLevel } from '@campus/device-protocols';
import type { AttemptChannel, NotificationRecord } from '../domain/notification';

export interface NotificationRow {
  id: string;
  alert_id: string;
  level: OrgLevel;
  channel: AttemptChannel;
  recipient: string;
  name: string | null;
  status: string;
  provider_sid: string | null;
  attempt: number;
  retry_of: string | null;
  next_attempt_at: string | null;
  claimed_by: string | null;
  claimed_until: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
}

export function notificationColumns(alias = ''): string {
  const p = alias ? `${alias}.` : '';
  return [
    'id',
    'alert_id',
    'level',
    'channel',
    'recipient',
    'name',
    'status',
    'provider_sid',
    'attempt',
    'retry_of',
    'next_attempt_at',
    'claimed_by',
    'claimed_until',
    'error',
    'created_at',
    'updated_at',
  ]
    .map((c) => p + c)
    .join(', ');
}

export function toAttempt(r: NotificationRow): NotificationRecord {
  return {
    id: r.id,
    alertId: r.alert_id,
    level: r.level,
    channel: r.channel,
    to: r.recipient,
    name: r.name,
    status: r.status,
    providerSid: r.provider_sid,
    attempt: r.attempt,
    retryOf: r.retry_of,
    nextAttemptAt: r.next_attempt_at,
    claimedBy: r.claimed_by,
    claimedUntil: r.claimed_until,
    error: r.error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
