import type { HazardGrade } from '@campus/api-contract';
import type { OrgPath, Severity } from '@campus/device-protocols';

/**
 * What the rules decide from the uplink: open (or repeat) an alert, and/or register a hazard.
 * Pure output of the rule engine; the alert service turns it into rows.
 */
export interface AlertTrigger {
  kind: 'alert';
  /** Dedup key: one open alert per (rule, device or school). */
  key: string;
  rule: string;
  type: string;
  severity: Severity;
  org: OrgPath;
  device: string | null;
  at: number;
  panic: boolean;
  /** Whether an all-clear from the same source may resolve it automatically (never for panic). */
  autoResolvable: boolean;
  detail: Record<string, unknown>;
  /**
   * The id of the uplink message that raised it (an edge gateway assigns one to every message): a
   * message delivered twice counts one occurrence. Absent in process (the all-in-one) and for ticks.
   */
  source?: string;
}

/** An all-clear for an open alert (e.g. the device is back online, the temperature fell). */
export interface ClearTrigger {
  kind: 'clear';
  key: string;
  at: number;
}

export { HAZARD_GRADES, type HazardGrade } from '@campus/api-contract'; // 一般隐患 / 重大隐患

export interface HazardTrigger {
  kind: 'hazard';
  /** Dedup key: one unclosed hazard per key. */
  key: string;
  source: string;
  title: string;
  grade: HazardGrade;
  org: OrgPath;
  device: string | null;
  at: number;
  /** Additive: days from `at` to the rectification deadline the rule asks for (absent: the service's default). */
  deadlineDays?: number;
  detail: Record<string, unknown>;
}

export type Trigger = AlertTrigger | ClearTrigger | HazardTrigger;
