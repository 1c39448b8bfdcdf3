import type { Logger } from 'pino';
import { attemptTimelineItem } from './attempt-timeline';
import { systemTimerClock, type TimerClock } from './clock';
import type { NotificationRequest, Notifier, SendResult } from './notifier';
import type { AlertTimeline, NotificationLog } from './ports';
import { DEFAULT_RETRY_POLICY, backoffDelayMs, shouldRetry, type RetryPolicy } from './retry-policy';

/** What escalation hands notifications to: returns at once, never blocks, never throws. */
export interface NotificationQueue {
  enqueue(n: Omit<NotificationRequest, 'attempt'>): void;
}

export interface NotificationDispatcherOptions {
  notifier: Notifier;
  timeline: AlertTimeline;
  logger: Logger;
  log?: NotificationLog;
  policy?: RetryPolicy;
  /** Sends in flight at once; default 8. */
  concurrency?: number;
  clock?: TimerClock;
  /** [0, 1) source for backoff jitter. */
  random?: () => number;
  /** Counts every attempt (`campus_notifications_total{channel,result}`). */
  metrics?: { notified(channel: string, ok: boolean): void };
}

/**
 * The notification retry queue (docs/alerting.md): every attempt goes on the alert's timeline
 * (`notified` / `notification_failed`) and into the NotificationLog; failed retryable sends are
 * tried again with exponential backoff on timers, so callers are never held up. Retries stop
 * once the alert is no longer open. Pending work lives in memory: a restart forgets retries.
 */
export class NotificationDispatcher implements NotificationQueue {
  private readonly ready: NotificationRequest[] = [];
  private readonly retryTimers = new Set<() => void>();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly policy: RetryPolicy;
  private readonly concurrency: number;
  private readonly clock: TimerClock;
  private readonly random: () => number;
  private inFlight = 0;
  private stopped = false;

  constructor(private readonly options: NotificationDispatcherOptions) {
    this.policy = options.policy ?? DEFAULT_RETRY_POLICY;
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.clock = options.clock ?? systemTimerClock;
    this.random = options.random ?? Math.random;
  }

  enqueue(n: Omit<NotificationRequest, 'attempt'>): void {
    if (this.stopped) {
      this.options.logger.warn({ alertId: n.alertId, to: n.to }, 'notification dropped: dispatcher stopped');
      return;
    }
    this.ready.push({ ...n, attempt: 1 });
    this.pump();
  }

  /** Sends queued, in flight or waiting for a retry. */
  pending(): number {
    return this.ready.length + this.inFlight + this.retryTimers.size;
  }

  /** Resolves once nothing is pending (tests, graceful shutdown). */
  idle(): Promise<void> {
    if (this.pending() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Cancels waiting retries and queued sends; resolves when sends in flight are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const cancel of this.retryTimers) cancel();
    this.retryTimers.clear();
    this.ready.length = 0;
    await this.idle();
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.ready.length > 0) {
      const n = this.ready.shift() as NotificationRequest;
      this.inFlight += 1;
      void this.attempt(n).finally(() => {
        this.inFlight -= 1;
        this.pump();
        this.settle();
      });
    }
    this.settle();
  }

  private settle(): void {
    if (this.pending() > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async attempt(n: NotificationRequest): Promise<void> {
    if (n.attempt > 1 && !(await this.stillOpen(n.alertId))) {
      this.options.logger.info(
        { alertId: n.alertId, to: n.to, attempt: n.attempt },
        'retry dropped: alert no longer open',
      );
      return;
    }
    const result = await this.sendSafely(n);
    const retry = !result.ok && !this.stopped && shouldRetry(this.policy, n.attempt, result.retryable);
    const delay = retry ? backoffDelayMs(this.policy, n.attempt, this.random) : 0;
    const retryAt = retry ? new Date(this.clock.now() + delay) : null;
    await this.record(n, result, retryAt);
    if (retry) this.scheduleRetry({ ...n, attempt: n.attempt + 1 }, delay);
  }

  private scheduleRetry(n: NotificationRequest, delay: number): void {
    const cancel = this.clock.setTimeout(() => {
      this.retryTimers.delete(cancel);
      this.ready.push(n);
      this.pump();
    }, delay);
    this.retryTimers.add(cancel);
  }

  private async sendSafely(n: NotificationRequest): Promise<SendResult> {
    try {
      return await this.options.notifier.send(n);
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err), retryable: true };
    }
  }

  private async stillOpen(alertId: string): Promise<boolean> {
    try {
      return await this.options.timeline.isStillOpen(alertId);
    } catch (err) {
      this.options.logger.warn({ err, alertId }, 'could not check alert state; retrying anyway');
      return true;
    }
  }

  private async record(n: NotificationRequest, result: SendResult, retryAt: Date | null): Promise<void> {
    const at = new Date(this.clock.now());
    const item = attemptTimelineItem(n, result, {
      at,
      retryAt,
      maxAttempts: this.policy.maxAttempts,
      stopped: this.stopped,
    });
    const { logger, log, timeline } = this.options;
    this.options.metrics?.notified(n.channel, result.ok);
    if (!result.ok)
      logger.warn(
        { alertId: n.alertId, to: n.to, channel: n.channel, attempt: n.attempt, error: result.error },
        'notification attempt failed',
      );
    try {
      await log?.record({
        alertId: n.alertId,
        level: n.level,
        channel: n.channel,
        to: n.to,
        name: n.name,
        attempt: n.attempt,
        at,
        result,
        retryAt,
      });
    } catch (err) {
      logger.error({ err, alertId: n.alertId }, 'could not record the notification attempt');
    }
    try {
      await timeline.appendTimeline(n.alertId, item);
    } catch (err) {
      logger.error({ err, alertId: n.alertId }, 'could not append the notification to the timeline');
    }
  }
}
