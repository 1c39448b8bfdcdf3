import type {
  CompleteInspectionBody,
  Finding,
  FindingBody,
  Inspection,
  InspectionStatus,
  ItemList,
  ItemResult,
  ItemResultBody,
  StartInspectionBody,
} from '@campus/api-contract';
import { api } from './http';
import { queryString } from './query';

// The wire types are libs/api-contract's (docs/alerting.md, "Online inspections").
export type {
  ChecklistItem,
  Finding,
  FindingBody,
  Inspection,
  InspectionStatus,
  ItemResult as Verdict,
} from '@campus/api-contract';

export interface InspectionListFilter {
  org?: string | null;
  school?: string | null;
  status?: InspectionStatus | null;
}

const path = (id: string) => `/api/inspections/${encodeURIComponent(id)}`;

export const listInspections = (filter: InspectionListFilter = {}) =>
  api<ItemList<Inspection>>('GET', `/api/inspections${queryString({ ...filter })}`).then((r) => r.items);

export const startInspection = (school: string) =>
  api<Inspection>('POST', '/api/inspections', { school } satisfies StartInspectionBody);

export const getInspection = (id: string) => api<Inspection>('GET', path(id));

/** The inspector's verdict; `note` replaces the item's note ('' clears it), omitted keeps it. */
export const setItemResult = (id: string, key: string, result: ItemResult, note?: string) =>
  api<Inspection>('PATCH', `${path(id)}/items/${encodeURIComponent(key)}`, {
    result,
    ...(note === undefined ? {} : { note }),
  } satisfies ItemResultBody);

export const addFinding = (id: string, body: FindingBody) =>
  api<Finding>('POST', `${path(id)}/findings`, body);

export const completeInspection = (id: string, conclusion?: string) =>
  api<Inspection>(
    'POST',
    `${path(id)}/complete`,
    (conclusion ? { conclusion } : {}) satisfies CompleteInspectionBody,
  );
