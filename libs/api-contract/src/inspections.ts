import type { HazardGrade, HazardState } from './hazards';

/** 线上督查 (docs/alerting.md, "Online inspections"). */
export type Verdict = 'pass' | 'fail' | 'na';
export type InspectionStatus = 'in_progress' | 'completed';

/** One line of the checklist. */
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

/** `PATCH /api/inspections/{id}/items/{key}`: `note` replaces the item's note ('' clears it). */
export interface ItemResultBody {
  result: Verdict;
  note?: string;
}

/** `POST /api/inspections/{id}/findings`. */
export interface FindingBody {
  title: string;
  grade: HazardGrade;
  deadline: string;
  item?: string;
  note?: string;
}
