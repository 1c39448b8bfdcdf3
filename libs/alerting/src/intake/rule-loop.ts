import { sourceOf, type Sites, type UplinkMessage } from '@campus/device-protocols';
import type { Logger } from 'pino';
import type { Trigger } from '../domain/trigger';
import { loadRules, RuleEngine, type RuleDefinition, type RuleEngineOptions } from '../rules';
import { isRetryableError } from './retryable';
import { TriggerRetries } from './trigger-retries';

export interface RuleLoopOptions {
  sites: Sites;
  /** Default: `loadRules(sites)` (the default pack with the sites file's `rules:`; may throw RuleConfigError). */
  rules?: readonly RuleDefinition[];
  engine?: RuleEngineOptions;
  /** The alert service's: turns triggers into alerts and hazards. Never called with an empty list. */
  handleTriggers: (triggers: Trigger[]) => Promise<void> | void;
  logger: Logger;
  /** Engine time for ticks and the audit. Default `Date.now` (tests pass a fake clock). */
  clock?: () => number;
  /** Default 1000. */
  tickIntervalMs?: number;
  /** Whether a `handleTriggers` failure is worth another try. Default `isRetryableError`. */
  isRetryable?: (err: unknown) => boolean;
}

const HANDLED_IDS_KEPT = 50_000;

/** A bounded set: the oldest id is forgotten when a new one would pass the bound. */
export class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}
  has(id: string): boolean {
    return this.ids.has(id);
  }
  add(id: string): void {
    if (this.ids.has(id)) return;
    if (this.ids.size >= this.capacity) this.ids.delete(this.ids.values().next().value as string);
    this.ids.add(id);
  }
}

/** Alert triggers of an identified message carry its id, for counting it once (AlertRepository.openOrOccurOnce). */
function withSource(triggers: Trigger[], id: string | undefined): Trigger[] {
  if (id === undefined) return triggers;
  return triggers.map((t) => (t.kind === 'alert' ? { ...t, source: id } : t));
}

/**
 * Drives a RuleEngine: uplink messages in (`onUplink`, the intake's handler), a tick every second
 * for what is due without a message, the configuration audit once at `start()`, and every
 * resulting trigger handed to `handleTriggers` — one call at a time, so an alert and its clear
 * reach the service in the order the engine made them.
 *
 * Failures: `onUplink` rethrows (the intake leaves the message for redelivery if retryable) and
 * remembers the message's triggers, so the redelivered message is not evaluated twice (holds and
 * windows would count it twice). Tick and audit triggers have no broker behind them: if handling
 * fails retryably they are kept and handed over again ahead of the next tick's.
 */
export class RuleLoop {
  readonly engine: RuleEngine;
  private readonly clock: () => number;
  private readonly retries = new TriggerRetries();
  /** Ids of the uplink messages handled lately (redeliveries come soon after the original). */
  private readonly handled = new RecentIds(HANDLED_IDS_KEPT);
  private pendingTimed: Trigger[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private readonly unfollow: () => void;

  constructor(private readonly options: RuleLoopOptions) {
    this.engine = new RuleEngine(options.sites, options.rules, options.engine);
    this.clock = options.clock ?? Date.now;
    // the registry changed: rebuild what changed, keep the state of the rules that did not
    this.unfollow = sourceOf(options.sites).onChange((next, _previous, version) =>
      this.follow(next, version),
    );
  }

  private follow(next: Sites, version: number): void {
    try {
      const rules = this.options.rules ?? loadRules(next);
      const { kept, started } = this.engine.reconfigure(rules, this.clock());
      this.options.logger.info({ version, kept, started }, 'rules follow the registry');
    } catch (err) {
      // the registry checks rules before it commits; a version they fail in keeps the rules running
      this.options.logger.error(
        { err, version },
        'rules of the new registry version refused; the previous rules stay',
      );
    }
  }

  /**
   * The intake's handler: evaluate, then hand the triggers over; rejects when handling failed.
   * A message with an id (an edge gateway's) that was handled here before is a redelivery and is
   * skipped: windows and holds must not count it twice. Its alert triggers carry the id as their
   * `source`, so the database counts it once even when another replica handled it first.
   */
  async onUplink(msg: UplinkMessage, now: number): Promise<void> {
    if (msg.id !== undefined && this.handled.has(msg.id)) return;
    const key = this.retries.keyOf(msg);
    const triggers = this.retries.take(key) ?? withSource(this.engine.onMessage(msg, now), msg.id);
    if (triggers.length > 0) {
      try {
        await this.serially(() => this.options.handleTriggers(triggers));
      } catch (err) {
        if (this.retryable(err)) this.retries.keep(key, triggers);
        throw err;
      }
    }
    if (msg.id !== undefined) this.handled.add(msg.id);
  }

  /**
   * The in-process intake's handler: evaluates a batch in order and hands all its triggers over in
   * one call. On a retryable failure each message keeps its own triggers, so whichever of them the
   * devices send again is not evaluated twice.
   */
  async onUplinkBatch(messages: readonly UplinkMessage[], now: number): Promise<void> {
    const evaluated: { msg: UplinkMessage; triggers: Trigger[] }[] = [];
    const all: Trigger[] = [];
    // Content keys cost a JSON.stringify per message: only needed while earlier failures are kept.
    const lookup = this.retries.size > 0;
    for (const msg of messages) {
      const triggers =
        (lookup ? this.retries.take(this.retries.keyOf(msg)) : undefined) ?? this.engine.onMessage(msg, now);
      if (triggers.length === 0) continue;
      evaluated.push({ msg, triggers });
      for (const t of triggers) all.push(t);
    }
    if (all.length === 0) return;
    try {
      await this.serially(() => this.options.handleTriggers(all));
    } catch (err) {
      if (this.retryable(err))
        for (const e of evaluated) this.retries.keep(this.retries.keyOf(e.msg), e.triggers);
      throw err;
    }
  }

  /** Runs the audit once, then ticks every `tickIntervalMs` (unref'd). */
  start(): void {
    if (this.timer) return;
    void this.runTimed(() => this.engine.audit(this.clock()));
    this.timer = setInterval(() => void this.tick(), this.options.tickIntervalMs ?? 1000);
    this.timer.unref();
  }

  /** Stops ticking and waits for the handling in progress. */
  async stop(): Promise<void> {
    this.unfollow();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.queue.catch(() => undefined);
  }

  /** One tick now (what the interval does); skipped while the previous one still runs. */
  tick(): Promise<void> {
    return this.runTimed(() => this.engine.tick(this.clock()));
  }

  private async runTimed(evaluate: () => Trigger[]): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    let triggers: Trigger[] = [];
    try {
      triggers = [...this.pendingTimed, ...evaluate()];
      this.pendingTimed = [];
      if (triggers.length > 0) await this.serially(() => this.options.handleTriggers(triggers));
    } catch (err) {
      this.timedFailed(err, triggers);
    } finally {
      this.ticking = false;
    }
  }

  private timedFailed(err: unknown, triggers: Trigger[]): void {
    if (triggers.length > 0 && this.retryable(err)) {
      this.pendingTimed = triggers.slice(-MAX_PENDING_TIMED);
      this.options.logger.warn(
        { err, pending: this.pendingTimed.length },
        'tick triggers kept for the next tick',
      );
      return;
    }
    this.options.logger.error(
      { err, dropped: triggers.length },
      'rule tick failed; its triggers are dropped',
    );
  }

  private retryable(err: unknown): boolean {
    return (this.options.isRetryable ?? isRetryableError)(err);
  }

  /** Chains `fn` after everything handed over before it. */
  private serially(fn: () => Promise<void> | void): Promise<void> {
    const run = this.queue.catch(() => undefined).then(fn);
    this.queue = run;
    return run;
  }
}

const MAX_PENDING_TIMED = 10_000;
