import type {
  AlertPlan,
  AlertPlanAnswer,
  Dispatch,
  DispatchAnswer,
  DispatchBody,
  IncidentReport,
  ResponderMark,
  ResponderPage,
} from '@campus/api-contract';
import { api } from './http';

// The wire types are libs/api-contract's, shared with the backend (docs/alerting.md "Emergency plans").
export {
  PLAN_ROLES,
  RESPONDER_MARKS,
  RESPONDER_STATES,
  type AlertPlan,
  type Dispatch,
  type DispatchAnswer,
  type IncidentDurations,
  type IncidentMedia,
  type IncidentReport,
  type PlanStepView,
  type ResponderCandidate,
  type ResponderMark,
  type ResponderPage,
  type ResponderState,
} from '@campus/api-contract';

const path = (id: string) => `/api/alerts/${encodeURIComponent(id)}`;

/** 应急预案: the alert's plan and its ticks (null: no plan covers the type). */
export const getPlan = (id: string) => api<AlertPlanAnswer>('GET', `${path(id)}/plan`).then((r) => r.plan);
export const tickStep = (id: string, step: string) =>
  api<AlertPlan>('POST', `${path(id)}/plan/steps/${encodeURIComponent(step)}/done`);

/** Responders: who was sent and whom the school can send. */
export const getDispatches = (id: string) => api<DispatchAnswer>('GET', `${path(id)}/dispatches`);
export const dispatchPerson = (id: string, person: string) =>
  api<Dispatch>('POST', `${path(id)}/dispatches`, { person } satisfies DispatchBody);

/** 处置报告 of a resolved alert. */
export const getIncidentReport = (id: string) => api<IncidentReport>('GET', `${path(id)}/report`);

const responder = (token: string) => `/api/public/responders/${encodeURIComponent(token)}`;

/** The phone page of a dispatched person (no account: the link's token). */
export const getResponderPage = (token: string) => api<ResponderPage>('GET', responder(token));

/** A mark (在路上 / 已到场 / 已处置) and/or photos from the phone page. */
export function markResponder(
  token: string,
  mark: ResponderMark | null,
  photos: Blob[],
): Promise<ResponderPage> {
  const form = new FormData();
  if (mark) form.append('state', mark);
  photos.forEach((p, i) => form.append('photos', p, `scene-${i + 1}.jpg`));
  return api<ResponderPage>('POST', `${responder(token)}/marks`, form);
}
