import {
  Inject,
  Injectable,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Sites } from '@campus/device-protocols';
import type { Logger } from 'pino';
import { AlertRepository } from '../db/alert-repository';
import { EscalationRepository } from '../db/escalation-repository';
import { NotificationRepository } from '../db/notification-repository';
import { EscalationScheduler } from '../escalation/escalation-scheduler';
import { NotificationDispatcher, type NotificationQueue } from '../notifications/notification-dispatcher';
import type { Notifier } from '../notifications/notifier';
import { notifierFromEnv } from '../notifications/notifier-from-env';
import type { RetryPolicy } from '../notifications/retry-policy';
import { ALERT_BROADCASTER, type AlertBroadcaster } from '../realtime/alert-broadcaster';
import { RepositoryAlertGate } from './repository-alert-gate';
import { RepositoryNotificationLog } from './repository-notification-log';
import { SqlEscalationStore } from './sql-escalation-store';
import { ENV, ESCALATION_RUNTIME_OPTIONS, LOGGER, SITES } from '../di/tokens';
import { ALERTING_METRICS, type AlertingMetrics } from '../metrics/alerting-metrics';

export interface EscalationRuntimeOptions {
  /** A notifier instead of the one TWILIO_* asks for (tests). */
  notifier?: Notifier;
  retryPolicy?: RetryPolicy;
  /** The scheduler's longest sleep (default 1000 ms). */
  maxSleepMs?: number;
  /**
   * Base URL Twilio posts delivery status to (`<PUBLIC_URL>/api/notifications/twilio/status`, set
   * by `alertingControllersAndProviders` from `publicUrl`); none are requested without it.
   */
  statusCallbackUrl?: string;
}

/**
 * The escalation machinery of one alert-service replica: the notification dispatcher (Twilio or
 * the log notifier, per TWILIO_*) and the escalation scheduler on the durable timers. Started when
 * the app has bootstrapped, stopped (in-flight sends finished) when it shuts down.
 */
@Injectable()
export class EscalationRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly notifier: Notifier;
  readonly gate: RepositoryAlertGate;
  readonly dispatcher: NotificationDispatcher;
  readonly scheduler: EscalationScheduler;

  constructor(
    @Inject(AlertRepository) alerts: AlertRepository,
    @Inject(EscalationRepository) escalations: EscalationRepository,
    @Inject(NotificationRepository) notifications: NotificationRepository,
    @Inject(SITES) sites: Sites,
    @Inject(LOGGER) logger: Logger,
    @Inject(ALERT_BROADCASTER) broadcaster: AlertBroadcaster,
    @Inject(ENV) env: NodeJS.ProcessEnv,
    @Inject(ALERTING_METRICS) metrics: AlertingMetrics,
    @Optional() @Inject(ESCALATION_RUNTIME_OPTIONS) options?: EscalationRuntimeOptions | null,
  ) {
    const log = logger.child({ part: 'escalation' });
    const o = options ?? {};
    this.notifier =
      o.notifier ??
      notifierFromEnv(
        env,
        logger,
        o.statusCallbackUrl === undefined ? {} : { statusCallbackUrl: o.statusCallbackUrl },
      );
    this.gate = new RepositoryAlertGate(alerts, broadcaster);
    this.dispatcher = new NotificationDispatcher({
      notifier: this.notifier,
      timeline: this.gate,
      log: new RepositoryNotificationLog(notifications),
      logger: log,
      metrics,
      ...(o.retryPolicy === undefined ? {} : { policy: o.retryPolicy }),
    });
    this.scheduler = new EscalationScheduler({
      store: new SqlEscalationStore(escalations),
      gate: this.gate,
      queue: this.dispatcher,
      sites,
      logger: log,
      metrics,
      ...(o.maxSleepMs === undefined ? {} : { maxSleepMs: o.maxSleepMs }),
    });
  }

  /** Where escalation (and anything else paging people about an alert) queues its sends. */
  get queue(): NotificationQueue {
    return this.dispatcher;
  }

  onApplicationBootstrap(): void {
    this.scheduler.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
    await this.dispatcher.stop();
  }

  /** A new escalation was scheduled: look for due steps now. */
  poke(): void {
    this.scheduler.poke();
  }
}
