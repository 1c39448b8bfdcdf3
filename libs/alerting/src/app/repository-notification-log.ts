import type { NotificationRepository } from '../db/notification-repository';
import type { NotificationAttempt, NotificationLog } from '../notifications/ports';

/**
 * Every send attempt into `alerting.notifications`. The dispatcher retries in memory; a failed
 * attempt's row carries its retry time, and the retry's row links to it (`retryOf`, which clears
 * that time) so the table always shows which retries are still pending.
 */
export class RepositoryNotificationLog implements NotificationLog {
  /** The last recorded attempt of each alert × channel × recipient still awaiting a retry. */
  private readonly awaitingRetry = new Map<string, string>();

  constructor(private readonly notifications: NotificationRepository) {}

  async record(a: NotificationAttempt): Promise<void> {
    const key = `${a.alertId}\u0000${a.channel}\u0000${a.to}`;
    const retryOf = a.attempt > 1 ? this.awaitingRetry.get(key) : undefined;
    this.awaitingRetry.delete(key);
    const saved = await this.notifications.record({
      alertId: a.alertId,
      level: a.level,
      channel: a.channel,
      to: a.to,
      name: a.name,
      attempt: a.attempt,
      at: a.at,
      nextAttemptAt: a.retryAt,
      ...(retryOf === undefined ? {} : { retryOf }),
      ...(a.result.ok
        ? { status: a.result.status, providerSid: a.result.sid }
        : { status: 'failed', error: a.result.error }),
    });
    if (a.retryAt !== null) this.awaitingRetry.set(key, saved.id);
  }
}
