import type { DeviceKind, Severity } from '@campus/device-protocols';
import type { HazardGrade } from '../domain/trigger';
import type { RuleAction } from '../linkage/rule-actions';

// The union of every kind's rule, derived from the RULE_KINDS table (rule-kinds.ts).
export type { RuleDefinition, RuleKind } from './rule-kinds';

/** When a rule applies, judged at the message's own time in the province's timezone. */
export const SCHEDULES = ['always', 'outside_school_hours', 'school_hours'] as const;
export type Schedule = (typeof SCHEDULES)[number];

/** Which messages a rule looks at. Every list present must match; absent lists match anything. */
export interface RuleMatch {
  deviceKinds?: DeviceKind[];
  devices?: string[];
  /** School codes, or county / city / province codes standing for all their schools. */
  schools?: string[];
  eventTypes?: string[];
  metric?: string;
  /** Frigate zones: the event's `data.zones` must contain at least one of them. */
  zones?: string[];
  schedule: Schedule;
}

export interface AlertSpec {
  type: string;
  /** Before the risk-point raise (a device at a red risk point raises it one step). */
  severity: Severity;
}

export interface HazardSpec {
  grade: HazardGrade;
  title: string;
  deadlineDays: number;
}

/** What every rule has, whatever its kind; a kind file (kinds/*.ts) adds `kind` and its parameters. */
export interface RuleBase {
  id: string;
  enabled: boolean;
  match: RuleMatch;
  alert?: AlertSpec;
  hazard?: HazardSpec;
  /** Linkage: run once when the rule opens an alert (docs/alerting.md, "Linkage"). */
  actions?: RuleAction[];
}
