import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { TextLanguage } from '../notifications/alert-labels';
import { systemTimerClock, type TimerClock } from '../notifications/clock';
import type { NotificationQueue } from '../notifications/notification-dispatcher';
import { runDueStep, type EscalationSites, type StepRunnerDeps } from './escalation-step-runner';
import type { AlertGate, EscalationStore } from './ports';

export interface EscalationSchedulerOptions {
  store: EscalationStore;
  gate: AlertGate;
  /** The notification retry queue: sends never block escalation. */
  queue: NotificationQueue;
  sites: EscalationSites;
  logger: Logger;
  /** Lease owner name; default host-pid-random. */
  owner?: string;
  clock?: TimerClock;
  /** Rows claimed per round; default 50. */
  batchSize?: number;
  /** How long a claimed row stays ours; default 30 s. */
  leaseMs?: number;
  /** Longest sleep, so rows another replica schedules are seen; default 1000 ms. */
  maxSleepMs?: number;
  language?: TextLanguage;
  metrics?: StepRunnerDeps['metrics'];
}

/** When the next due row is not claimable yet (another replica's lease), wait this little. */
const MIN_IDLE_SLEEP_MS = 10;

/**
 * The escalation loop: claims due rows, fires them (`runDueStep`), then sleeps exactly until
 * the store's next due time — at most `maxSleepMs`, and `poke()` wakes it at once when a new
 * alert was scheduled. A due step is thus sent within `maxSleepMs` of its time even when
 * another replica scheduled it, and at once when this one did.
 */
export class EscalationScheduler {
  private readonly clock: TimerClock;
  private readonly deps: StepRunnerDeps;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly maxSleepMs: number;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private poked = false;
  private wake: (() => void) | null = null;

  constructor(private readonly options: EscalationSchedulerOptions) {
    this.clock = options.clock ?? systemTimerClock;
    this.batchSize = options.batchSize ?? 50;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.maxSleepMs = options.maxSleepMs ?? 1_000;
    const owner = options.owner ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.deps = {
      store: options.store,
      gate: options.gate,
      queue: options.queue,
      sites: options.sites,
      logger: options.logger,
      owner,
      ...(options.language === undefined ? {} : { language: options.language }),
      ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    };
  }

  get owner(): string {
    return this.deps.owner;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp();
    await this.loopDone;
  }

  /** Something new may be due (an alert was just scheduled): look now instead of sleeping on. */
  poke(): void {
    this.poked = true;
    this.wakeUp();
  }

  /** One round: claims due rows and fires them; returns how many were claimed. */
  async runOnce(): Promise<number> {
    this.poked = false;
    const now = new Date(this.clock.now());
    const rows = await this.options.store.claimDue(now, this.deps.owner, this.batchSize, this.leaseMs);
    await Promise.all(
      rows.map((row) =>
        runDueStep(this.deps, row, now).catch((err: unknown) => {
          this.options.logger.error(
            { err, alertId: row.alertId },
            'escalation step failed; retried when the lease expires',
          );
        }),
      ),
    );
    return rows.length;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.runOnce();
      } catch (err) {
        this.options.logger.error({ err }, 'escalation round failed');
      }
      if (!this.running) break;
      if (claimed >= this.batchSize) continue;
      await this.sleep(await this.delayUntilNext(claimed));
    }
  }

  private async delayUntilNext(claimed: number): Promise<number> {
    let next: Date | null;
    try {
      next = await this.options.store.nextDueAt();
    } catch (err) {
      this.options.logger.error({ err }, 'could not read the next due escalation');
      return this.maxSleepMs;
    }
    if (next === null) return this.maxSleepMs;
    const delay = next.getTime() - this.clock.now();
    if (delay <= 0) return claimed > 0 ? 0 : MIN_IDLE_SLEEP_MS;
    return Math.min(delay, this.maxSleepMs);
  }

  private sleep(ms: number): Promise<void> {
    if (this.poked || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const cancel = this.clock.setTimeout(() => this.wakeUp(), ms);
      this.wake = () => {
        cancel();
        this.wake = null;
        resolve();
      };
    });
  }

  private wakeUp(): void {
    this.wake?.();
  }
}
