import type {
  DismissHazardReportBody,
  HazardReport,
  HazardReportPlace,
  HazardReportStatus,
  ItemList,
  MergeHazardReportBody,
  Photo,
  PhotoStage,
  RegisterHazardReportBody,
} from '@campus/api-contract';
import { api } from './http';
import { queryString } from './query';

// The wire types are libs/api-contract's, shared with the backend (docs/alerting.md "Hazard reports").
export {
  HAZARD_REPORT_CATEGORIES,
  HAZARD_REPORT_STATUSES,
  type HazardReport,
  type HazardReportCategory,
  type HazardReportPlace,
  type HazardReportStatus,
  type Photo,
  type PhotoStage,
} from '@campus/api-contract';

/** What the reporting form sends (multipart: the photos already downscaled to JPEG). */
export interface NewHazardReport {
  category: string;
  description: string;
  building: string | null;
  floor: string | null;
  room: string | null;
  urgent: boolean;
  photos: readonly Blob[];
}

export function submitHazardReport(report: NewHazardReport): Promise<HazardReport> {
  const form = new FormData();
  form.append('category', report.category);
  form.append('description', report.description);
  for (const key of ['building', 'floor', 'room'] as const) {
    const value = report[key];
    if (value !== null && value !== '') form.append(key, value);
  }
  form.append('urgent', report.urgent ? 'true' : 'false');
  report.photos.forEach((photo, i) => form.append('photos', photo, `photo-${i + 1}.jpg`));
  return api<HazardReport>('POST', '/api/hazard-reports', form);
}

/** Newest first; a `school_staff` user gets their own reports only. */
export const listHazardReports = (filter: { status?: HazardReportStatus | null; org?: string | null } = {}) =>
  api<ItemList<HazardReport>>(
    'GET',
    `/api/hazard-reports${queryString({ status: filter.status, org: filter.org })}`,
  ).then((r) => r.items);

export const getHazardReport = (id: string) =>
  api<HazardReport>('GET', `/api/hazard-reports/${encodeURIComponent(id)}`);

/** The places of the user's school for the form (building → floor → room). */
export const listReportPlaces = () =>
  api<ItemList<HazardReportPlace>>('GET', '/api/hazard-reports/places').then((r) => r.items);

export const registerHazardReport = (id: string, body: RegisterHazardReportBody) =>
  api<HazardReport>('POST', `/api/hazard-reports/${encodeURIComponent(id)}/register`, body);

export const mergeHazardReport = (id: string, body: MergeHazardReportBody) =>
  api<HazardReport>('POST', `/api/hazard-reports/${encodeURIComponent(id)}/merge`, body);

export const dismissHazardReport = (id: string, body: DismissHazardReportBody) =>
  api<HazardReport>('POST', `/api/hazard-reports/${encodeURIComponent(id)}/dismiss`, body);

/** Before, after and acceptance photos of a hazard, oldest first. */
export const listHazardPhotos = (hazardId: string) =>
  api<ItemList<Photo>>('GET', `/api/hazards/${encodeURIComponent(hazardId)}/photos`).then((r) => r.items);

export function addHazardPhotos(
  hazardId: string,
  stage: PhotoStage,
  photos: readonly Blob[],
  note?: string,
): Promise<Photo[]> {
  const form = new FormData();
  form.append('stage', stage);
  if (note) form.append('note', note);
  photos.forEach((photo, i) => form.append('photos', photo, `photo-${i + 1}.jpg`));
  return api<ItemList<Photo>>('POST', `/api/hazards/${encodeURIComponent(hazardId)}/photos`, form).then(
    (r) => r.items,
  );
}
