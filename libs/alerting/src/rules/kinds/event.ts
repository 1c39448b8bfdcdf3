import type { UplinkMessage } from '@campus/device-protocols';
import { z } from 'zod';
import type { Trigger } from '../../domain/trigger';
import { ruleFields } from '../rule-config-schema';
import { DEVICE_MATCH_KEYS, defineRuleKind } from '../rule-kind';
import { deviceSubject, MessageRule, type RuleEnv } from '../rule-evaluator';
import { matchesEvent } from '../rule-match';
import { strict } from '../rule-schema-helpers';
import type { RuleBase } from '../rule-types';
import { ruleTriggers } from '../trigger-factory';

export interface EventRule extends RuleBase {
  kind: 'event';
}

export const eventKind = defineRuleKind({
  configurable: true,
  schema: strict({ ...ruleFields, kind: z.literal('event') }),
  match: { allowed: [...DEVICE_MATCH_KEYS, 'eventTypes', 'zones', 'schedule'], required: ['eventTypes'] },
  normalize: (raw, base): EventRule => ({ ...base, kind: raw.kind }),
  run: { evaluator: (rule, env) => new EventMatchRule(rule, env) },
});

/**
 * Event match: every matching event triggers (a repeat while the alert is open only adds an
 * occurrence, by its key `${ruleId}:${device}`). Events carry no all-clear, so their alerts are
 * resolved by people, never automatically.
 */
export class EventMatchRule extends MessageRule {
  constructor(
    private readonly rule: EventRule,
    private readonly env: RuleEnv,
  ) {
    super();
  }

  onMessage(msg: UplinkMessage, now: number): Trigger[] {
    if (msg.kind !== 'event' || !matchesEvent(this.rule.match, msg, this.env.sites)) return [];
    const detail = { eventType: msg.type, ts: msg.ts, data: msg.data };
    return ruleTriggers(this.rule, deviceSubject(this.rule.id, msg, this.env), now, false, detail);
  }
}
