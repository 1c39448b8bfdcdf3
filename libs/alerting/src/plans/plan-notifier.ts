import { Inject, Injectable, Optional, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { RepositoryNotificationLog } from '../app/repository-notification-log';
import { AlertRepository } from '../db/alert-repository';
import { NotificationRepository } from '../db/notification-repository';
import { ESCALATION_RUNTIME, ESCALATION_RUNTIME_OPTIONS, LOGGER } from '../di/tokens';
import { NotificationDispatcher, type NotificationQueue } from '../notifications/notification-dispatcher';
import type { Notifier } from '../notifications/notifier';
import type { RetryPolicy } from '../notifications/retry-policy';
import { ALERT_BROADCASTER, type AlertBroadcaster } from '../realtime/alert-broadcaster';

/**
 * The SMS of 应急预案 — a step's paging, a responder's link — on a retry queue of their own. The
 * escalation's queue drops retries once the alert is acknowledged (paging is then no longer
 * needed), but these are sent *after* the acknowledgement: their retries go on until the alert is
 * resolved. Each attempt is recorded like every other (`alerting.notifications`, `notified` /
 * `notification_failed` on the timeline, then the alert re-emitted so the detail shows it).
 */
@Injectable()
export class PlanNotifier implements OnApplicationShutdown {
  readonly queue: NotificationQueue;
  private readonly dispatcher: NotificationDispatcher;

  constructor(
    @Inject(AlertRepository) alerts: AlertRepository,
    @Inject(NotificationRepository) notifications: NotificationRepository,
    @Inject(ESCALATION_RUNTIME) runtime: { readonly notifier: Notifier },
    @Inject(ALERT_BROADCASTER) broadcaster: AlertBroadcaster,
    @Inject(LOGGER) logger: Logger,
    @Optional() @Inject(ESCALATION_RUNTIME_OPTIONS) options?: { retryPolicy?: RetryPolicy } | null,
  ) {
    this.dispatcher = new NotificationDispatcher({
      notifier: runtime.notifier,
      log: new RepositoryNotificationLog(notifications),
      logger: logger.child({ part: 'plans' }),
      timeline: {
        isStillOpen: async (id) => {
          const alert = await alerts.get(id);
          return alert !== undefined && alert.status !== 'resolved';
        },
        appendTimeline: async (id, item) => {
          await alerts.appendTimeline(id, item);
          const current = await alerts.get(id);
          if (current !== undefined) broadcaster.broadcastAlert(current);
        },
      },
      ...(options?.retryPolicy === undefined ? {} : { policy: options.retryPolicy }),
    });
    this.queue = this.dispatcher;
  }

  /** Resolves once nothing is waiting (tests). */
  idle(): Promise<void> {
    return this.dispatcher.idle();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.stop();
  }
}
