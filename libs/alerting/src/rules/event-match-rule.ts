import type { UplinkMessage } from '@campus/device-protocols';
import type { Trigger } from '../domain/trigger';
import { deviceSubject, MessageRule, type RuleEnv } from './rule-evaluator';
import { matchesEvent } from './rule-match';
import type { EventRule } from './rule-types';
import { ruleTriggers } from './trigger-factory';

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
