import type { TimelineItem } from '../domain/alert';
import type { SendResult } from './notifier';
import type { NotificationChannel, OrgLevel } from '@campus/device-protocols';

/** The part of the alert store notifications need (implemented by the alert service). */
export interface AlertTimeline {
  /** False once the alert is acknowledged or resolved (or unknown): pending retries are dropped. */
  isStillOpen(alertId: string): Promise<boolean>;
  appendTimeline(alertId: string, item: TimelineItem): Promise<void>;
}

/** One send attempt and its outcome, as stored for audit. */
export interface NotificationAttempt {
  alertId: string;
  level: OrgLevel;
  channel: NotificationChannel;
  to: string;
  name: string;
  attempt: number;
  at: Date;
  result: SendResult;
  /** When a failed attempt will be retried; null when this was the last try (or it succeeded). */
  retryAt: Date | null;
}

/** Where every attempt is recorded (a table, a log …). */
export interface NotificationLog {
  record(attempt: NotificationAttempt): Promise<void>;
}
