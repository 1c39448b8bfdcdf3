import type { UplinkMessage } from '@campus/device-protocols';
import { z } from 'zod';
import type { Trigger } from '../../domain/trigger';
import { ruleFields } from '../rule-config-schema';
import { DEVICE_MATCH_KEYS, defineRuleKind } from '../rule-kind';
import { deviceSubject, type RuleEnv, type RuleEvaluator } from '../rule-evaluator';
import { matchedReading } from '../rule-match';
import { finite, seconds, strict } from '../rule-schema-helpers';
import type { RuleBase } from '../rule-types';
import { clearTrigger, ruleTriggers, type TriggerSubject } from '../trigger-factory';

export const THRESHOLD_OPS = ['>=', '<=', '>', '<'] as const;
export type ThresholdOp = (typeof THRESHOLD_OPS)[number];

export interface ThresholdRule extends RuleBase {
  kind: 'threshold';
  op: ThresholdOp;
  value: number;
  forSeconds: number;
}

/** `>=`, `<=`, `>`, `<`; `≥` and `≤` are read as `>=` and `<=`. */
const op = z
  .enum(['>=', '<=', '>', '<', '≥', '≤'], {
    error: (iss) => `unknown comparison ${JSON.stringify(iss.input)} — use one of >=, <=, >, <`,
  })
  .transform((o) => (o === '≥' ? '>=' : o === '≤' ? '<=' : o));

export const thresholdKind = defineRuleKind({
  configurable: true,
  schema: strict({
    ...ruleFields,
    kind: z.literal('threshold'),
    op,
    value: finite(),
    forSeconds: seconds(0),
  }),
  match: { allowed: [...DEVICE_MATCH_KEYS, 'metric', 'schedule'], required: ['metric'] },
  normalize: (raw, base): ThresholdRule => ({
    ...base,
    kind: raw.kind,
    op: raw.op,
    value: raw.value,
    forSeconds: raw.forSeconds,
  }),
  run: { evaluator: (rule, env) => new ThresholdRuleEvaluator(rule, env) },
});

const COMPARE: Readonly<Record<ThresholdOp, (value: number, limit: number) => boolean>> = {
  '>=': (v, l) => v >= l,
  '<=': (v, l) => v <= l,
  '>': (v, l) => v > l,
  '<': (v, l) => v < l,
};

interface Hold {
  /** Engine time of the first reading of this excursion. */
  since: number;
  value: number;
  fired: boolean;
  subject: TriggerSubject;
}

/**
 * Threshold held for a duration, per device: the first reading past the limit starts the hold,
 * any reading back inside resets it. It fires once per excursion, when a reading past the limit
 * arrives at or after `since + forSeconds`, or on a tick at or after that time. After firing, the
 * first reading back inside clears the alert (auto-resolvable).
 */
export class ThresholdRuleEvaluator implements RuleEvaluator {
  private readonly holds = new Map<string, Hold>();
  private readonly holdMs: number;

  constructor(
    private readonly rule: ThresholdRule,
    private readonly env: RuleEnv,
  ) {
    this.holdMs = rule.forSeconds * 1000;
  }

  start(_at: number): void {}

  onMessage(msg: UplinkMessage, now: number): Trigger[] {
    const value = matchedReading(this.rule.match, msg, this.env.sites);
    if (value === undefined) return [];
    const hold = this.holds.get(msg.device);
    if (!COMPARE[this.rule.op](value, this.rule.value)) {
      this.holds.delete(msg.device);
      return hold?.fired ? [clearTrigger(hold.subject.key, now)] : [];
    }
    const current = hold ?? {
      since: now,
      value,
      fired: false,
      subject: deviceSubject(this.rule.id, msg, this.env),
    };
    current.value = value;
    this.holds.set(msg.device, current);
    return this.fireIfHeld(current, now);
  }

  tick(now: number): Trigger[] {
    return [...this.holds.values()].flatMap((hold) => this.fireIfHeld(hold, now));
  }

  private fireIfHeld(hold: Hold, now: number): Trigger[] {
    if (hold.fired || now - hold.since < this.holdMs) return [];
    hold.fired = true;
    const detail = {
      metric: this.rule.match.metric,
      value: hold.value,
      op: this.rule.op,
      threshold: this.rule.value,
      heldSince: hold.since,
      forSeconds: this.rule.forSeconds,
    };
    return ruleTriggers(this.rule, hold.subject, now, true, detail);
  }
}
