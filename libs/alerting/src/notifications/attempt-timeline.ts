import type { TimelineItem } from '../domain/alert';
import type { NotificationRequest, SendResult } from './notifier';

/**
 * The timeline item of one send attempt (docs/alerting.md): `notified` with the provider status, or
 * `notification_failed` with the error and what happens next (retry time, given up, not retryable).
 */
export function attemptTimelineItem(
  n: NotificationRequest,
  result: SendResult,
  context: { at: Date; retryAt: Date | null; maxAttempts: number; stopped: boolean },
): TimelineItem {
  const base = {
    at: context.at.toISOString(),
    level: n.level,
    channel: n.channel,
    to: n.to,
    name: n.name,
    attempt: n.attempt,
  };
  if (result.ok) return { ...base, kind: 'notified', result: result.status };
  return {
    ...base,
    kind: 'notification_failed',
    result: `${result.error}${failureSuffix(n, result, context)}`,
  };
}

function failureSuffix(
  n: NotificationRequest,
  result: { retryable: boolean },
  context: { retryAt: Date | null; maxAttempts: number; stopped: boolean },
): string {
  if (context.retryAt !== null) {
    return `; retry ${n.attempt + 1}/${context.maxAttempts} at ${context.retryAt.toISOString()}`;
  }
  if (!result.retryable) return '; not retryable';
  return context.stopped ? '; not retried: shutting down' : `; gave up after ${n.attempt} attempts`;
}
