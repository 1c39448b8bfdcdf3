import { api } from '../api';
import { queryString } from './query';
import type { HazardGrade, HazardState } from './hazards';

export type Verdict = 'pass' | 'fail' | 'na';
export type InspectionStatus = 'in_progress' | 'completed';

/** One line of the checklist (api-plan §D). */
export interface ChecklistItem {
  key: string;
  source: 'auto' | 'manual';
  /** zh-CN label from the server (the screen prefers its own translation by key). */
  label: string;
  /** Auto items: what was measured, in zh-CN. */
  value: string | null;
  measured: Record<string, number> | null;
  autoResult: 'pass' | 'fail' | null;
  result: Verdict | null;
  note: string | null;
}

export interface Finding {
  id: string;
  item: string | null;
  title: string;
  grade: HazardGrade;
  deadline: string;
  note: string | null;
  hazardId: string;
  hazardState: HazardState;
  createdBy: string;
  createdAt: string;
}

export interface Inspection {
  id: string;
  school: string;
  schoolName: string;
  county: string;
  countyName: string;
  city: string;
  province: string;
  inspector: string;
  inspectorOrg: string;
  status: InspectionStatus;
  startedAt: string;
  completedAt: string | null;
  conclusion: string | null;
  items: ChecklistItem[];
  findings: Finding[];
}

export interface InspectionListFilter {
  org?: string | null;
  school?: string | null;
  status?: InspectionStatus | null;
}

const path = (id: string) => `/api/inspections/${encodeURIComponent(id)}`;

export const listInspections = (filter: InspectionListFilter = {}) =>
  api<{ items: Inspection[] }>('GET', `/api/inspections${queryString({ ...filter })}`).then((r) => r.items);

export const startInspection = (school: string) => api<Inspection>('POST', '/api/inspections', { school });

export const getInspection = (id: string) => api<Inspection>('GET', path(id));

/** The inspector's verdict; `note` replaces the item's note ('' clears it), omitted keeps it. */
export const setItemResult = (id: string, key: string, result: Verdict, note?: string) =>
  api<Inspection>('PATCH', `${path(id)}/items/${encodeURIComponent(key)}`, {
    result,
    ...(note === undefined ? {} : { note }),
  });

export interface FindingBody {
  title: string;
  grade: HazardGrade;
  deadline: string;
  item?: string;
  note?: string;
}

export const addFinding = (id: string, body: FindingBody) =>
  api<Finding>('POST', `${path(id)}/findings`, body);

export const completeInspection = (id: string, conclusion?: string) =>
  api<Inspection>('POST', `${path(id)}/complete`, conclusion ? { conclusion } : {});
