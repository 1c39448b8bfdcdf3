import type { HazardGrade, HazardState } from './hazards';

/** 线上督查: an officer's remote inspection of one school (docs/alerting.md, "Online inspections"). */
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
  /** zh-CN (the screen prefers its own translation by key). */
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

/** An inspection as the API answers it. */
export interface Inspection {
  /** Internal; screens and documents show `number`. */
  id: string;
  /** The inspection's number, a sequence per year: `2026-0012` (shown as "督查 2026-0012"). */
  number: string;
  school: string;
  schoolName: string;
  county: string;
  countyName: string;
  city: string;
  province: string;
  /** The inspector's login. */
  inspector: string;
  /** The inspector's name (the login when the sites file gives none). */
  inspectorName: string;
  /** The inspector's org unit code. */
  inspectorOrg: string;
  /** The inspecting unit's education bureau: "雁塔区教育局" (the sites file's `bureau`, or derived). */
  inspectorUnitName: string;
  status: InspectionStatus;
  startedAt: string;
  completedAt: string | null;
  conclusion: string | null;
  items: ChecklistItem[];
  findings: Finding[];
}

/** `POST /api/inspections`. */
export interface StartInspectionBody {
  school: string;
}

/** `PATCH /api/inspections/{id}/items/{key}`: `note` replaces the item's note ('' clears it), omitted keeps it. */
export interface ItemResultBody {
  result: ItemResult;
  note?: string;
}

/** `POST /api/inspections/{id}/findings`: `deadline` ISO 8601 with a zone, or epoch ms, in the future. */
export interface FindingBody {
  title: string;
  grade: HazardGrade;
  deadline: string | number;
  item?: string;
  note?: string;
}

/** `POST /api/inspections/{id}/complete` (the body may be absent). */
export interface CompleteInspectionBody {
  conclusion?: string;
}
