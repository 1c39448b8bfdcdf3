import type { UplinkMessage } from '@campus/device-protocols';
import { z } from 'zod';
import type { Trigger } from '../../domain/trigger';
import { ruleFields } from '../rule-config-schema';
import { DEVICE_MATCH_KEYS, defineRuleKind } from '../rule-kind';
import { deviceSubject, MessageRule, type RuleEnv } from '../rule-evaluator';
import { matchedReading } from '../rule-match';
import { finite, seconds, strict } from '../rule-schema-helpers';
import type { RuleBase } from '../rule-types';
import { ruleTriggers } from '../trigger-factory';

export interface RateOfRiseRule extends RuleBase {
  kind: 'rate_of_rise';
  rise: number;
  withinSeconds: number;
}

export const rateOfRiseKind = defineRuleKind({
  configurable: true,
  schema: strict({
    ...ruleFields,
    kind: z.literal('rate_of_rise'),
    rise: finite({ positive: true }),
    withinSeconds: seconds(1),
  }),
  match: { allowed: [...DEVICE_MATCH_KEYS, 'metric', 'schedule'], required: ['metric'] },
  normalize: (raw, base): RateOfRiseRule => ({
    ...base,
    kind: raw.kind,
    rise: raw.rise,
    withinSeconds: raw.withinSeconds,
  }),
  run: { evaluator: (rule, env) => new RateOfRiseRuleEvaluator(rule, env) },
});

interface Sample {
  at: number;
  value: number;
}

interface Series {
  samples: Sample[];
  /** False after firing, until a reading no longer shows the rise (one trigger per rise). */
  armed: boolean;
}

/**
 * Rate of rise, per device: a reading at least `rise` above the lowest earlier reading of the
 * last `withinSeconds` (engine time, both ends inclusive) triggers. It fires once per rise and
 * re-arms when a reading no longer shows it. No all-clear: a rise is a moment, not a state.
 */
export class RateOfRiseRuleEvaluator extends MessageRule {
  private readonly series = new Map<string, Series>();

  constructor(
    private readonly rule: RateOfRiseRule,
    private readonly env: RuleEnv,
  ) {
    super();
  }

  onMessage(msg: UplinkMessage, now: number): Trigger[] {
    const value = matchedReading(this.rule.match, msg, this.env.sites);
    if (value === undefined) return [];
    const series = this.series.get(msg.device) ?? { samples: [], armed: true };
    this.series.set(msg.device, series);
    const oldest = now - this.rule.withinSeconds * 1000;
    series.samples = series.samples.filter((s) => s.at >= oldest);
    const lowest = series.samples.reduce<Sample | undefined>(
      (low, s) => (!low || s.value < low.value ? s : low),
      undefined,
    );
    series.samples.push({ at: now, value });

    const rising = lowest !== undefined && value - lowest.value >= this.rule.rise;
    if (!rising) {
      series.armed = true;
      return [];
    }
    if (!series.armed) return [];
    series.armed = false;
    const detail = {
      metric: this.rule.match.metric,
      value,
      from: lowest.value,
      fromAt: lowest.at,
      rise: value - lowest.value,
      withinSeconds: this.rule.withinSeconds,
    };
    return ruleTriggers(this.rule, deviceSubject(this.rule.id, msg, this.env), now, false, detail);
  }
}
