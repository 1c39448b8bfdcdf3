import type { OrgLevel } from './common';

/**
 * 督办/催办 and 在线查岗 (docs/alerting.md "Supervision"): officials urge a school about an open
 * alarm or an overdue hazard, and check that the school's guard is on duty.
 */

/** What an urge is about. */
export const URGE_TARGETS = ['alert', 'hazard'] as const;
export type UrgeTarget = (typeof URGE_TARGETS)[number];

/** `POST /api/alerts/{id}/urge`, `POST /api/hazards/{id}/urge` (the body may be absent). */
export interface UrgeBody {
  /** At most 200 characters. */
  message?: string;
}

/** One urge (`POST …/urge` answers it; `GET /api/urges`; socket.io `urge`). */
export interface Urge {
  id: string;
  target: UrgeTarget;
  /** The alert's or the hazard's id. */
  targetId: string;
  /** The alert's type (`smoke` …) or the hazard's title, as it was when urged. */
  subject: string;
  school: string;
  county: string;
  city: string;
  province: string;
  /** The school's name from the sites file (null when unknown). */
  schoolName: string | null;
  /** The official's username, org unit and its level (the banner names the bureau by level). */
  by: string;
  byOrg: string;
  byLevel: OrgLevel;
  message: string | null;
  at: string;
  /** "已知悉": who dismissed the banner at the school, and when. */
  dismissedBy: string | null;
  dismissedAt: string | null;
}

/** `GET /api/urges?active=true`: urges not dismissed whose alert is still open (hazard unclosed). */
export interface UrgeListQuery {
  active?: 'true' | 'false';
}

/** A school's answer to a roll-call. */
export const ROLL_CALL_ANSWERS = ['pending', 'answered', 'missed'] as const;
export type RollCallAnswer = (typeof ROLL_CALL_ANSWERS)[number];

/** One school of a roll-call. `missed` (未应答) once the deadline passed unanswered. */
export interface RollCallSchool {
  school: string;
  county: string;
  name: string | null;
  status: RollCallAnswer;
  answeredBy: string | null;
  answeredAt: string | null;
}

/** 在线查岗 (`/api/roll-calls`). A school user sees their own school's line only. */
export interface RollCall {
  id: string;
  startedBy: string;
  startedByOrg: string;
  startedByLevel: OrgLevel;
  startedAt: string;
  /** Answers are taken until this instant. */
  deadline: string;
  /** When the unanswered schools were recorded as missed; null while open. */
  closedAt: string | null;
  schools: RollCallSchool[];
}

/**
 * `POST /api/roll-calls`: `schools` (codes) default every school in the official's scope;
 * `answerWithinMinutes` 1 … 120, default 10. `answerWithinSeconds` (5 … 7200) instead of minutes is
 * for drills and tests (docs/alerting.md).
 */
export interface RollCallBody {
  schools?: string[];
  answerWithinMinutes?: number;
  answerWithinSeconds?: number;
}

/** What the reports add per org unit for the period (docs/alerting.md "Reports"). */
export interface SupervisionCounts {
  /** Urges sent to the unit's schools. */
  urges: number;
  /** Roll-call lines of the unit's schools answered, and missed (未应答). */
  rollCallAnswered: number;
  rollCallMissed: number;
}
