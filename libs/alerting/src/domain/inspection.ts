import type { HazardGrade } from './trigger';
import type { HazardState } from './hazard';

/** 线上督查: an officer's remote inspection of one school. */
export const INSPECTION_STATUSES = ['in_progress', 'completed'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];

/** The inspector's verdict on one item; `na`: does not apply to this school. */
export const ITEM_RESULTS = ['pass', 'fail', 'na'] as const;
export type ItemResult = (typeof ITEM_RESULTS)[number];

export type AutoResult = 'pass' | 'fail';

/** One line of the checklist. */
export interface ChecklistItem {
  key: string;
  /** `auto`: measured by the platform when the inspection started; `manual`: ticked by the inspector. */
  source: 'auto' | 'manual';
  /** zh-CN. */
  label: string;
  /** What was measured, in zh-CN (auto items); null for manual ones. */
  value: string | null;
  /** The numbers behind `value`. */
  measured: Record<string, number> | null;
  /** The platform's verdict; null for manual items and when nothing could be measured. */
  autoResult: AutoResult | null;
  /** The inspector's verdict (starts as `autoResult`). */
  result: ItemResult | null;
  note: string | null;
}

/** A problem the inspector found: registered as a hazard at the school. */
export interface Finding {
  id: string;
  /** The checklist item it belongs to, if any. */
  item: string | null;
  title: string;
  grade: HazardGrade;
  deadline: string;
  note: string | null;
  hazardId: string;
  /** The hazard's state now (it follows the normal hazard workflow). */
  hazardState: HazardState;
  createdBy: string;
  createdAt: string;
}

/** An inspection as stored: the school's org path, no display names. */
export interface StoredInspection {
  id: string;
  school: string;
  county: string;
  city: string;
  province: string;
  inspector: string;
  /** The inspector's org unit code. */
  inspectorOrg: string;
  status: InspectionStatus;
  startedAt: string;
  completedAt: string | null;
  conclusion: string | null;
  items: ChecklistItem[];
  findings: Finding[];
}

/** An inspection as the API answers it. */
export interface Inspection extends StoredInspection {
  schoolName: string;
  countyName: string;
}
