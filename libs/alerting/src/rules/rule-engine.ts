import { isDeepStrictEqual } from 'node:util';
import type { RiskGrade, Sites, UplinkMessage } from '@campus/device-protocols';
import type { Trigger } from '../domain/trigger';
import { loadRules } from './rule-config';
import type { RuleEnv, RuleEvaluator } from './rule-evaluator';
import { RULE_KINDS, type RuleKind, type RuleOf } from './rule-kinds';
import type { RuleDefinition } from './rule-types';

export interface RuleEngineOptions {
  /**
   * From when the engine has seen every message (e.g. the start of the uplink it was replayed
   * after a restart). Silence is measured from it and duty days judged only if they began at or
   * after it. Default: the first `now` given to `onMessage`, `tick` or `audit`.
   */
  startedAt?: number;
  /** A device's risk-point grade (e.g. from the risk-point register). Default: its `risk` in the sites file. */
  riskOf?: (device: string) => RiskGrade | undefined;
}

/**
 * The rules of the alert service (dual prevention, 双重预防): the default pack (docs/alerting.md, Rules)
 * with the sites file's `rules:` over it, applied to the uplink. Pure: no I/O, no timers, no
 * clock — `now` (epoch ms, the service's receive time) is an argument, and windows, holds and
 * silences run on it; an event's own `ts` is used only for calendar questions (the school-hours
 * schedule, the local date of a patrol check-in).
 *
 * State (held thresholds, windows, liveness, flapping, check-in counts) lives in memory, per
 * (rule, device or school). That is deliberate: after a restart the service rebuilds it by
 * replaying recent uplink through `onMessage` (pass `startedAt` = the start of that replay), and
 * what cannot be rebuilt errs on the quiet side (the duty day the engine started in is not judged).
 * The output is triggers; the alert service dedups them by key into alerts (occurrences) and hazards.
 */
export class RuleEngine {
  private current: readonly RuleDefinition[];
  private runs: { rule: RuleDefinition; run: BoundRun }[];
  private evaluators: RuleEvaluator[] = [];
  /** Configuration audits (kinds run by `audit`, not on messages), bound to their rule. */
  private audits: ((now: number) => Trigger[])[] = [];
  private readonly env: RuleEnv;
  private started = false;

  constructor(
    private readonly sites: Sites,
    rules: readonly RuleDefinition[] = loadRules(sites),
    options: RuleEngineOptions = {},
  ) {
    this.current = rules;
    const riskOf = options.riskOf ?? ((device: string) => sites.deviceById.get(device)?.risk);
    this.env = { sites, riskOf };
    this.runs = rules
      .filter((r) => r.enabled)
      .map((rule) => ({ rule, run: runOf(rule.kind, rule, this.env) }));
    this.index();
    if (options.startedAt !== undefined) this.ensureStarted(options.startedAt);
  }

  get rules(): readonly RuleDefinition[] {
    return this.current;
  }

  /**
   * The registry changed (docs/registry.md): `rules` is the new set. A rule whose definition did
   * not change keeps its evaluator — its held thresholds, windows and silences go on — and is told
   * that the sites changed; a new or changed rule starts afresh at `now`; a removed one stops.
   */
  reconfigure(rules: readonly RuleDefinition[], now: number): { kept: number; started: number } {
    const previous = new Map(this.runs.map((r) => [r.rule.id, r]));
    let kept = 0;
    let started = 0;
    this.runs = rules
      .filter((r) => r.enabled)
      .map((rule) => {
        const old = previous.get(rule.id);
        if (old !== undefined && isDeepStrictEqual(old.rule, rule)) {
          kept += 1;
          if ('evaluator' in old.run && this.started) old.run.evaluator.sitesChanged?.(now);
          return old;
        }
        started += 1;
        const run = runOf(rule.kind, rule, this.env);
        if ('evaluator' in run && this.started) run.evaluator.start(now);
        return { rule, run };
      });
    this.current = rules;
    this.index();
    return { kept, started };
  }

  private index(): void {
    this.evaluators = this.runs.flatMap(({ run }) => ('evaluator' in run ? [run.evaluator] : []));
    this.audits = this.runs.flatMap(({ run }) => ('audit' in run ? [run.audit] : []));
  }

  /** Triggers for one uplink message received at `now`. */
  onMessage(msg: UplinkMessage, now: number): Trigger[] {
    this.ensureStarted(now);
    // a plain loop: this runs for every reading, and flatMap allocated an array per evaluator
    let triggers: Trigger[] | undefined;
    for (const e of this.evaluators) {
      const found = e.onMessage(msg, now);
      if (found.length > 0) (triggers ??= []).push(...found);
    }
    return triggers ?? [];
  }

  /** Triggers due by `now` without a message: silences, held thresholds, ended duty days, settled flapping. */
  tick(now: number): Trigger[] {
    this.ensureStarted(now);
    return this.evaluators.flatMap((e) => e.tick(now));
  }

  /** The configuration audit (dormitory smoke detection): hazards found in the sites file, stamped `now`. */
  audit(now: number): Trigger[] {
    this.ensureStarted(now);
    return this.audits.flatMap((audit) => audit(now));
  }

  private ensureStarted(at: number): void {
    if (this.started) return;
    this.started = true;
    for (const e of this.evaluators) e.start(at);
  }
}

type BoundRun = { evaluator: RuleEvaluator } | { audit: (now: number) => Trigger[] };

/** How the rule's kind (its file under kinds/) runs it: an evaluator, or an audit of the sites file. */
function runOf<K extends RuleKind>(kind: K, rule: RuleOf<K>, env: RuleEnv): BoundRun {
  const run = RULE_KINDS[kind].run;
  if ('evaluator' in run) return { evaluator: run.evaluator(rule, env) };
  return { audit: (now) => run.audit(rule, env.sites, now) };
}
