import type { ItemList, RollCall, RollCallBody, Urge, UrgeBody } from '@campus/api-contract';
import { api } from './http';

// The wire types are libs/api-contract's (docs/alerting.md, "Supervision").
export {
  SUPERVISOR_LABELS,
  type RollCall,
  type RollCallAnswer,
  type RollCallSchool,
  type SupervisorLevel,
  type Urge,
} from '@campus/api-contract';

const body = (message: string): UrgeBody => (message.trim() === '' ? {} : { message: message.trim() });

/** 督办: urge the school about an alert (officials). */
export const urgeAlert = (id: string, message: string) =>
  api<Urge>('POST', `/api/alerts/${encodeURIComponent(id)}/urge`, body(message));

/** 督办: urge the school about an overdue hazard (officials). */
export const urgeHazard = (id: string, message: string) =>
  api<Urge>('POST', `/api/hazards/${encodeURIComponent(id)}/urge`, body(message));

/** The urges a school's banner still shows. */
export const listActiveUrges = () =>
  api<ItemList<Urge>>('GET', '/api/urges?active=true').then((r) => r.items);

/** "已知悉". */
export const dismissUrge = (id: string) => api<Urge>('POST', `/api/urges/${encodeURIComponent(id)}/dismiss`);

export const startRollCall = (b: RollCallBody) => api<RollCall>('POST', '/api/roll-calls', b);

export const listRollCalls = (status?: 'open' | 'closed') =>
  api<ItemList<RollCall>>('GET', `/api/roll-calls${status === undefined ? '' : `?status=${status}`}`).then(
    (r) => r.items,
  );

export const getRollCall = (id: string) => api<RollCall>('GET', `/api/roll-calls/${encodeURIComponent(id)}`);

/** The school answers the roll-call (school users). */
export const answerRollCall = (id: string) =>
  api<RollCall>('POST', `/api/roll-calls/${encodeURIComponent(id)}/answer`);
