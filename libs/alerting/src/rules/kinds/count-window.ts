import type { UplinkMessage } from '@campus/device-protocols';
import { z } from 'zod';
import type { Trigger } from '../../domain/trigger';
import { ruleFields } from '../rule-config-schema';
import { DEVICE_MATCH_KEYS, defineRuleKind } from '../rule-kind';
import { deviceSubject, MessageRule, type RuleEnv } from '../rule-evaluator';
import { matchesEvent } from '../rule-match';
import { integer, oneOf, seconds, strict } from '../rule-schema-helpers';
import type { RuleBase } from '../rule-types';
import { ruleTriggers, type TriggerSubject } from '../trigger-factory';

export const COUNT_SCOPES = ['device', 'school'] as const;
export type CountScope = (typeof COUNT_SCOPES)[number];

export interface CountWindowRule extends RuleBase {
  kind: 'count_window';
  count: number;
  windowSeconds: number;
  per: CountScope;
}

export const countWindowKind = defineRuleKind({
  configurable: true,
  schema: strict({
    ...ruleFields,
    kind: z.literal('count_window'),
    count: integer(1, 100_000),
    windowSeconds: seconds(1),
    per: oneOf(COUNT_SCOPES, 'count scope').optional(),
  }),
  match: { allowed: [...DEVICE_MATCH_KEYS, 'eventTypes', 'zones', 'schedule'], required: ['eventTypes'] },
  normalize: (raw, base): CountWindowRule => ({
    ...base,
    kind: raw.kind,
    count: raw.count,
    windowSeconds: raw.windowSeconds,
    per: raw.per ?? 'device',
  }),
  run: { evaluator: (rule, env) => new CountWindowRuleEvaluator(rule, env) },
});

/**
 * Count in a window: `count` matching events within `windowSeconds` (engine time; an event exactly
 * `windowSeconds` old still counts) at one device (`per: device`, key `${ruleId}:${device}`) or
 * one school (`per: school`, key `${ruleId}:${school}`, no device). Firing empties the window, so
 * each trigger stands for `count` fresh events.
 */
export class CountWindowRuleEvaluator extends MessageRule {
  private readonly windows = new Map<string, number[]>();

  constructor(
    private readonly rule: CountWindowRule,
    private readonly env: RuleEnv,
  ) {
    super();
  }

  onMessage(msg: UplinkMessage, now: number): Trigger[] {
    if (msg.kind !== 'event' || !matchesEvent(this.rule.match, msg, this.env.sites)) return [];
    const subject: TriggerSubject =
      this.rule.per === 'device'
        ? deviceSubject(this.rule.id, msg, this.env)
        : {
            key: `${this.rule.id}:${msg.org.school}`,
            org: msg.org,
            device: null,
            deviceKind: null,
            risk: undefined,
          };
    const oldest = now - this.rule.windowSeconds * 1000;
    const times = (this.windows.get(subject.key) ?? []).filter((t) => t >= oldest);
    times.push(now);
    if (times.length < this.rule.count) {
      this.windows.set(subject.key, times);
      return [];
    }
    this.windows.delete(subject.key);
    const detail = {
      eventType: msg.type,
      count: times.length,
      windowSeconds: this.rule.windowSeconds,
      per: this.rule.per,
      firstAt: times[0],
      lastDevice: msg.device,
    };
    return ruleTriggers(this.rule, subject, now, false, detail);
  }
}
