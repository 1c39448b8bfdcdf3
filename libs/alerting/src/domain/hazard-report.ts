/**
 * 人人参与: reports of hazards by people and the photos of the hazard loop (docs/alerting.md
 * "Hazard reports"). The wire types are libs/api-contract's; `StoredPhoto` is a photo as the
 * database holds it (no URL yet: the service signs one per answer).
 */
import type { OrgPath } from '@campus/device-protocols';
import type { HazardReport, Photo } from '@campus/api-contract';

export {
  HAZARD_REPORT_CATEGORIES,
  HAZARD_REPORT_STATUSES,
  PHOTO_STAGES,
  type HazardReport,
  type HazardReportCategory,
  type HazardReportStatus,
  type Photo,
  type PhotoStage,
} from '@campus/api-contract';

export interface StoredPhoto extends Omit<Photo, 'url'>, OrgPath {
  /** The file's key in the PhotoStore. */
  storageKey: string;
}

/** A report as stored: its photos without URLs. */
export interface StoredHazardReport extends Omit<HazardReport, 'photos'> {
  photos: StoredPhoto[];
}
