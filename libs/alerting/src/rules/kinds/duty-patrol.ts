import {
  orgContains,
  perSnapshot,
  type OrgPath,
  type School,
  type UplinkMessage,
} from '@campus/device-protocols';
import { z } from 'zod';
import type { Trigger } from '../../domain/trigger';
import { addDays, firstWholeDay, isoWeekday, localDate } from '../local-calendar';
import { ruleFields } from '../rule-config-schema';
import { defineRuleKind } from '../rule-kind';
import { schoolOrg, schoolSubject, type RuleEnv, type RuleEvaluator } from '../rule-evaluator';
import { integer, strict } from '../rule-schema-helpers';
import type { RuleBase } from '../rule-types';
import { ruleTriggers } from '../trigger-factory';

export interface DutyPatrolRule extends RuleBase {
  kind: 'duty_patrol';
  minCheckins: number;
}

/** Built in only: `duty:patrol`. */
export const dutyPatrolKind = defineRuleKind({
  configurable: false,
  schema: strict({ ...ruleFields, kind: z.literal('duty_patrol'), minCheckins: integer(1, 1000) }),
  match: { allowed: ['schools'], required: [] },
  normalize: (raw, base): DutyPatrolRule => ({ ...base, kind: raw.kind, minCheckins: raw.minCheckins }),
  run: { evaluator: (rule, env) => new DutyPatrolRuleEvaluator(rule, env) },
});

export const PATROL_CHECKIN = 'patrol_checkin';
/** After a long pause (a clock jump, a suspended host) only this many past days are caught up. */
const MAX_CATCH_UP_DAYS = 7;

/**
 * `duty:patrol` (GB/T 29315-2022 duty patrols): a school with fewer than `minCheckins`
 * `patrol_checkin` events on one of its school days (its ISO weekday in `hours.days`) gets a
 * hazard at the end of that day — the first tick at or after local midnight in the province's
 * timezone — key `${ruleId}:${school}:${YYYY-MM-DD}`. A check-in belongs to the local date of its
 * own `ts`, from any device of the school.
 *
 * Only schools with at least one `patrol_checkpoint` device are held to it (a school with none
 * cannot record patrols on the platform), and only whole days the engine saw from their start:
 * the day the engine starts in is not judged, so a restart at 20:00 does not report a shortfall.
 */
export class DutyPatrolRuleEvaluator implements RuleEvaluator {
  /** school → local date → check-ins. */
  private readonly counts = new Map<string, Map<string, number>>();
  private nextDay: string | undefined;
  /** The schools with a patrol checkpoint in the rule's scope, per registry snapshot. */
  private readonly schoolsOf = perSnapshot((sites) => {
    const withCheckpoints = new Set(
      sites.devices.filter((d) => d.kind === 'patrol_checkpoint').map((d) => d.org.school),
    );
    const inScope = (org: OrgPath): boolean =>
      this.rule.match.schools?.some((code) => orgContains(code, org)) ?? true;
    return sites.schools.filter((s) => withCheckpoints.has(s.code) && inScope(schoolOrg(s)));
  });

  constructor(
    private readonly rule: DutyPatrolRule,
    private readonly env: RuleEnv,
  ) {}

  private get schools(): School[] {
    return this.schoolsOf(this.env.sites);
  }

  private get timeZone(): string {
    return this.env.sites.province.timezone;
  }

  start(at: number): void {
    this.nextDay = firstWholeDay(at, this.timeZone);
  }

  onMessage(msg: UplinkMessage, _now: number): Trigger[] {
    if (msg.kind !== 'event' || msg.type !== PATROL_CHECKIN) return [];
    const date = localDate(msg.ts, this.timeZone);
    const bySchool = this.counts.get(msg.org.school) ?? new Map<string, number>();
    bySchool.set(date, (bySchool.get(date) ?? 0) + 1);
    this.counts.set(msg.org.school, bySchool);
    return [];
  }

  tick(now: number): Trigger[] {
    if (this.nextDay === undefined) return [];
    const today = localDate(now, this.timeZone);
    const earliest = addDays(today, -MAX_CATCH_UP_DAYS);
    if (this.nextDay < earliest) this.nextDay = earliest;
    const out: Trigger[] = [];
    for (; this.nextDay < today; this.nextDay = addDays(this.nextDay, 1))
      out.push(...this.judge(this.nextDay, now));
    this.forgetBefore(this.nextDay);
    return out;
  }

  private judge(date: string, now: number): Trigger[] {
    const weekday = isoWeekday(date);
    return this.schools.flatMap((school) => {
      if (!school.hours.days.includes(weekday)) return [];
      const checkins = this.counts.get(school.code)?.get(date) ?? 0;
      if (checkins >= this.rule.minCheckins) return [];
      const subject = schoolSubject(`${this.rule.id}:${school.code}:${date}`, school);
      return ruleTriggers(this.rule, subject, now, false, {
        date,
        checkins,
        required: this.rule.minCheckins,
      });
    });
  }

  private forgetBefore(date: string): void {
    for (const bySchool of this.counts.values()) {
      for (const day of bySchool.keys()) if (day < date) bySchool.delete(day);
    }
  }
}
