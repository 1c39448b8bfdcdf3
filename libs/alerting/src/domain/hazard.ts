import type { HazardGrade } from './trigger';

/** 隐患排查治理: registered → rectifying → awaiting acceptance → closed. */
export const HAZARD_STATES = ['registered', 'rectifying', 'awaiting_acceptance', 'closed'] as const;
export type HazardState = (typeof HAZARD_STATES)[number];

export interface Hazard {
  id: string;
  key: string;
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

/** One workflow step of a hazard (registration included), as stored in `hazard_events`. */
export interface HazardEvent {
  hazardId: string;
  at: string;
  /** Null for the registration. */
  from: HazardState | null;
  to: HazardState;
  by: string;
  note: string | null;
}
