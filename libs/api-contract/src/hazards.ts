/** 隐患排查治理: registered → rectifying → awaiting acceptance → closed. */
export const HAZARD_STATES = ['registered', 'rectifying', 'awaiting_acceptance', 'closed'] as const;
export type HazardState = (typeof HAZARD_STATES)[number];

export const HAZARD_GRADES = ['general', 'major'] as const; // 一般隐患 / 重大隐患
export type HazardGrade = (typeof HAZARD_GRADES)[number];

/** A hazard as `GET /api/hazards` answers it (docs/alerting.md). */
export interface Hazard {
  id: string;
  key: string;
  /** The rule id (`default:device_offline`, `duty:patrol`, …) or `inspection`. */
  source: string;
  title: string;
  grade: HazardGrade;
  state: HazardState;
  school: string;
  county: string;
  city: string;
  province: string;
  device: string | null;
  owner: string | null;
  deadline: string;
  registeredAt: string;
  rectifiedBy: string | null;
  rectifiedAt: string | null;
  acceptedBy: string | null;
  closedAt: string | null;
  /** Level the overdue escalation reached (`school` until overdue). */
  escalatedTo: string;
  overdue: boolean;
  detail: Record<string, unknown>;
  /** Additive, always set when read from the database: the last time the same key was reported. */
  lastSeenAt?: string;
  /** How many times the key was reported while this hazard was unclosed (1 at registration). */
  occurrences?: number;
  /** When the overdue escalation last reached `escalatedTo` (null until it escalates). */
  escalatedAt?: string | null;
}

/** One workflow step of a hazard, the registration included (`GET /api/hazards/{id}/events`). */
export interface HazardEvent {
  hazardId: string;
  at: string;
  /** Null for the registration. */
  from: HazardState | null;
  to: HazardState;
  by: string;
  note: string | null;
}

/** `POST /api/hazards/{id}/transition`: one workflow step. */
export interface HazardTransitionBody {
  to: HazardState;
  note?: string;
  /** The responsible person (kept when omitted). */
  owner?: string;
}
