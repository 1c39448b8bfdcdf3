import { api } from '../api';
import { queryString } from './query';

/** 隐患排查治理: registered → rectifying → awaiting acceptance → closed. */
export const HAZARD_STATES = ['registered', 'rectifying', 'awaiting_acceptance', 'closed'] as const;
export type HazardState = (typeof HAZARD_STATES)[number];
export const HAZARD_GRADES = ['general', 'major'] as const; // 一般隐患 / 重大隐患
export type HazardGrade = (typeof HAZARD_GRADES)[number];

/** A hazard as GET /api/hazards gives it. */
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
  escalatedTo: string;
  overdue: boolean;
  detail: Record<string, unknown>;
  lastSeenAt?: string;
  occurrences?: number;
  escalatedAt?: string | null;
}

/** One workflow step of a hazard (the registration included). */
export interface HazardEvent {
  hazardId: string;
  at: string;
  from: HazardState | null;
  to: HazardState;
  by: string;
  note: string | null;
}

export interface HazardListFilter {
  state?: HazardState | null;
  overdue?: boolean | null;
  /** Sent for the backend to narrow to one org unit; the screen also filters by it. */
  org?: string | null;
}

export const listHazards = (filter: HazardListFilter = {}) =>
  api<{ items: Hazard[] }>(
    'GET',
    `/api/hazards${queryString({
      state: filter.state,
      overdue: filter.overdue ? 'true' : null,
      org: filter.org,
    })}`,
  ).then((r) => r.items);

export const getHazard = (id: string) => api<Hazard>('GET', `/api/hazards/${encodeURIComponent(id)}`);

export const listHazardEvents = (id: string) =>
  api<{ items: HazardEvent[] }>('GET', `/api/hazards/${encodeURIComponent(id)}/events`).then((r) => r.items);

export interface TransitionBody {
  to: HazardState;
  note?: string;
  owner?: string;
}

/** One workflow step; 403 without the permission, 409 when not allowed now (message says why). */
export const transitionHazard = (id: string, body: TransitionBody) =>
  api<Hazard>('POST', `/api/hazards/${encodeURIComponent(id)}/transition`, body);
