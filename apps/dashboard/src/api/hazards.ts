import type { Hazard, HazardEvent, HazardState, HazardTransitionBody, ItemList } from '@campus/api-contract';
import { api } from './http';
import { queryString } from './query';

// The wire types are libs/api-contract's, shared with the backend (docs/alerting.md).
export {
  HAZARD_GRADES,
  HAZARD_STATES,
  type Hazard,
  type HazardEvent,
  type HazardGrade,
  type HazardState,
  type HazardTransitionBody as TransitionBody,
} from '@campus/api-contract';

export interface HazardListFilter {
  state?: HazardState | null;
  overdue?: boolean | null;
  /** Sent for the backend to narrow to one org unit; the screen also filters by it. */
  org?: string | null;
}

export const listHazards = (filter: HazardListFilter = {}) =>
  api<ItemList<Hazard>>(
    'GET',
    `/api/hazards${queryString({
      state: filter.state,
      overdue: filter.overdue ? 'true' : null,
      org: filter.org,
    })}`,
  ).then((r) => r.items);

export const getHazard = (id: string) => api<Hazard>('GET', `/api/hazards/${encodeURIComponent(id)}`);

export const listHazardEvents = (id: string) =>
  api<ItemList<HazardEvent>>('GET', `/api/hazards/${encodeURIComponent(id)}/events`).then((r) => r.items);

/** One workflow step; 403 without the permission, 409 when not allowed now (message says why). */
export const transitionHazard = (id: string, body: HazardTransitionBody) =>
  api<Hazard>('POST', `/api/hazards/${encodeURIComponent(id)}/transition`, body);
