import type { Inspection } from '@campus/api-contract';

/** 线上督查: the statuses, verdicts, checklist lines and findings are the wire types of libs/api-contract. */
export {
  INSPECTION_STATUSES,
  ITEM_RESULTS,
  type AutoResult,
  type ChecklistItem,
  type Finding,
  type Inspection,
  type InspectionStatus,
  type ItemResult,
} from '@campus/api-contract';

/** An inspection as stored: the school's org path, no display names. */
export type StoredInspection = Omit<
  Inspection,
  'schoolName' | 'countyName' | 'inspectorName' | 'inspectorUnitName'
>;
