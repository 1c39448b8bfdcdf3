import type { UplinkMessage } from '@campus/device-protocols';
import { z } from 'zod';
import type { Trigger } from '../../domain/trigger';
import { ruleFields } from '../rule-config-schema';
import { DEVICE_MATCH_KEYS, defineRuleKind } from '../rule-kind';
import { deviceSubject, type RuleEnv, type RuleEvaluator } from '../rule-evaluator';
import { inSchedule, matchesDevice } from '../rule-match';
import { seconds, strict } from '../rule-schema-helpers';
import type { RuleBase, RuleMatch } from '../rule-types';
import { clearTrigger, ruleTriggers, type TriggerSubject } from '../trigger-factory';

export interface AbsenceRule extends RuleBase {
  kind: 'absence';
  silentSeconds: number;
}

export const absenceKind = defineRuleKind({
  configurable: true,
  schema: strict({ ...ruleFields, kind: z.literal('absence'), silentSeconds: seconds(1) }),
  match: { allowed: [...DEVICE_MATCH_KEYS, 'eventTypes', 'metric', 'schedule'], required: [] },
  normalize: (raw, base): AbsenceRule => ({ ...base, kind: raw.kind, silentSeconds: raw.silentSeconds }),
  run: { evaluator: (rule, env) => new AbsenceRuleEvaluator(rule, env) },
});

interface Watch {
  lastHeard: number;
  fired: boolean;
  subject: TriggerSubject;
}

/**
 * Absence: a device silent for `silentSeconds` (engine time, fires at exactly that age) triggers
 * once; its next sign of life clears it (auto-resolvable). A sign of life is any message from the
 * device except `{"online": false}`, or only events of `match.eventTypes` / readings with
 * `match.metric` when the rule names them. Every declared device the rule matches is watched from
 * the engine's start; an undeclared one from its first sign of life. With a schedule, silence is
 * only reported while the school is in it.
 */
export class AbsenceRuleEvaluator implements RuleEvaluator {
  private readonly watches = new Map<string, Watch>();

  constructor(
    private readonly rule: AbsenceRule,
    private readonly env: RuleEnv,
  ) {}

  start(at: number): void {
    this.watchDeclared(at);
  }

  sitesChanged(now: number): void {
    const { deviceById } = this.env.sites;
    for (const id of this.watches.keys()) if (!deviceById.has(id)) this.watches.delete(id);
    this.watchDeclared(now);
  }

  /** Every declared device the rule matches and does not watch yet, heard at `at`. */
  private watchDeclared(at: number): void {
    for (const d of this.env.sites.devices) {
      const ref = { device: d.id, deviceKind: d.kind, org: d.org };
      if (!this.watches.has(d.id) && matchesDevice(this.rule.match, ref))
        this.watches.set(d.id, {
          lastHeard: at,
          fired: false,
          subject: deviceSubject(this.rule.id, ref, this.env),
        });
    }
  }

  onMessage(msg: UplinkMessage, now: number): Trigger[] {
    if (!matchesDevice(this.rule.match, msg) || !isSignOfLife(this.rule.match, msg)) return [];
    const watch = this.watches.get(msg.device);
    this.watches.set(msg.device, {
      lastHeard: now,
      fired: false,
      subject: watch?.subject ?? deviceSubject(this.rule.id, msg, this.env),
    });
    return watch?.fired ? [clearTrigger(watch.subject.key, now)] : [];
  }

  tick(now: number): Trigger[] {
    const silentMs = this.rule.silentSeconds * 1000;
    const out: Trigger[] = [];
    for (const watch of this.watches.values()) {
      if (watch.fired || now - watch.lastHeard < silentMs) continue;
      if (!inSchedule(this.rule.match.schedule, this.env.sites, watch.subject.org.school, now)) continue;
      watch.fired = true;
      const detail = { lastHeard: watch.lastHeard, silentSeconds: this.rule.silentSeconds };
      out.push(...ruleTriggers(this.rule, watch.subject, now, true, detail));
    }
    return out;
  }
}

function isSignOfLife(match: RuleMatch, msg: UplinkMessage): boolean {
  if (match.eventTypes === undefined && match.metric === undefined)
    return msg.kind !== 'availability' || msg.online;
  if (msg.kind === 'event') return match.eventTypes?.includes(msg.type) ?? false;
  if (msg.kind === 'reading') return match.metric !== undefined && msg.metrics[match.metric] !== undefined;
  return false;
}
