import type { OrgLevel } from '@campus/device-protocols';
import type { TimelineItem } from './alert';

export type AttemptChannel = NonNullable<TimelineItem['channel']>;

/** One delivery attempt of one notification (SMS, voice call or in-app) to one person. */
export interface NotificationRecord {
  id: string;
  alertId: string;
  level: OrgLevel;
  channel: AttemptChannel;
  /** Phone number (sms, voice) or username (in_app). */
  to: string;
  name: string | null;
  /** `pending` before the provider answered, then the provider's status (`queued`, `delivered`, `failed` …). */
  status: string;
  providerSid: string | null;
  /** 1 for the first attempt, 2 for its first retry … */
  attempt: number;
  /** The attempt this one retries. */
  retryOf: string | null;
  /** Set on a failed attempt that should be retried then; cleared when the retry is recorded. */
  nextAttemptAt: string | null;
  claimedBy: string | null;
  claimedUntil: string | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}
