import type { DeviceKind, Severity } from '@campus/device-protocols';
import type { HazardGrade } from '../domain/trigger';

/** Kinds a sites file may use for rules of its own. */
export const CONFIGURABLE_RULE_KINDS = [
  'event',
  'threshold',
  'rate_of_rise',
  'absence',
  'count_window',
] as const;
/** Kinds only the built-in rules have (their parameters may be overridden, their kind not). */
export const BUILT_IN_RULE_KINDS = ['device_offline', 'duty_patrol', 'dormitory_audit'] as const;
export const RULE_KINDS = [...CONFIGURABLE_RULE_KINDS, ...BUILT_IN_RULE_KINDS] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** When a rule applies, judged at the message's own time in the province's timezone. */
export const SCHEDULES = ['always', 'outside_school_hours', 'school_hours'] as const;
export type Schedule = (typeof SCHEDULES)[number];

export const THRESHOLD_OPS = ['>=', '<=', '>', '<'] as const;
export type ThresholdOp = (typeof THRESHOLD_OPS)[number];

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

interface RuleBase {
  id: string;
  enabled: boolean;
  match: RuleMatch;
  alert?: AlertSpec;
  hazard?: HazardSpec;
}

export interface EventRule extends RuleBase {
  kind: 'event';
}

export interface ThresholdRule extends RuleBase {
  kind: 'threshold';
  op: ThresholdOp;
  value: number;
  forSeconds: number;
}

export interface RateOfRiseRule extends RuleBase {
  kind: 'rate_of_rise';
  rise: number;
  withinSeconds: number;
}

export interface AbsenceRule extends RuleBase {
  kind: 'absence';
  silentSeconds: number;
}

export const COUNT_SCOPES = ['device', 'school'] as const;
export type CountScope = (typeof COUNT_SCOPES)[number];

export interface CountWindowRule extends RuleBase {
  kind: 'count_window';
  count: number;
  windowSeconds: number;
  per: CountScope;
}

export interface FlapParams {
  /** More availability changes than this within `windowSeconds` is flapping. */
  toggles: number;
  windowSeconds: number;
}

export interface DeviceOfflineRule extends RuleBase {
  kind: 'device_offline';
  silentSeconds: number;
  flap: FlapParams;
}

export interface DutyPatrolRule extends RuleBase {
  kind: 'duty_patrol';
  minCheckins: number;
}

export interface DormitoryAuditRule extends RuleBase {
  kind: 'dormitory_audit';
}

export type RuleDefinition =
  | EventRule
  | ThresholdRule
  | RateOfRiseRule
  | AbsenceRule
  | CountWindowRule
  | DeviceOfflineRule
  | DutyPatrolRule
  | DormitoryAuditRule;
