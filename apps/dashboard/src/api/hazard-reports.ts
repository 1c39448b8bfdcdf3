import type {
  DismissHazardReportBody,
  HazardPhotoCount,
  HazardReport,
  HazardReportPlace,
  HazardReportStatus,
  ItemList,
  MergeHazardReportBody,
  Photo,
  PhotoStage,
  PublicReportReceipt,
  PublicReportStatus,
  PublicSchool,
  RegisterHazardReportBody,
  SchoolPublicLink,
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
  type PublicReportReceipt,
  type PublicReportStatus,
  type PublicSchool,
  type SchoolPublicLink,
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

function reportForm(report: NewHazardReport): FormData {
  const form = new FormData();
  form.append('category', report.category);
  form.append('description', report.description);
  for (const key of ['building', 'floor', 'room'] as const) {
    const value = report[key];
    if (value !== null && value !== '') form.append(key, value);
  }
  form.append('urgent', report.urgent ? 'true' : 'false');
  report.photos.forEach((photo, i) => form.append('photos', photo, `photo-${i + 1}.jpg`));
  return form;
}

export function submitHazardReport(report: NewHazardReport): Promise<HazardReport> {
  return api<HazardReport>('POST', '/api/hazard-reports', reportForm(report));
}

/**
 * A report through a school's public link (no account): `contact` is the optional phone number,
 * `website` the honeypot a person leaves empty. Answers the id and the token to follow it.
 */
export function submitPublicReport(
  school: string,
  report: NewHazardReport & { contact: string | null; website: string },
): Promise<PublicReportReceipt> {
  const form = reportForm(report);
  if (report.contact) form.append('contact', report.contact);
  form.append('website', report.website);
  return api<PublicReportReceipt>(
    'POST',
    `/api/public/schools/${encodeURIComponent(school)}/hazard-reports`,
    form,
  );
}

/** The school's name and buildings for the public form (no account). */
export const getPublicSchool = (code: string) =>
  api<PublicSchool>('GET', `/api/public/schools/${encodeURIComponent(code)}`);

/** A public report's progress, with the token its receipt gave (no account). */
export const getPublicReportStatus = (id: string, token: string) =>
  api<PublicReportStatus>(
    'GET',
    `/api/public/hazard-reports/${encodeURIComponent(id)}${queryString({ token })}`,
  );

/** The school's public reporting link and its QR code (SVG), for the poster. */
export const getSchoolPublicLink = (code: string) =>
  api<SchoolPublicLink>('GET', `/api/schools/${encodeURIComponent(code)}/public-link`);

/** Photo counts of the hazards in scope (hazards without photos are absent). */
export const listHazardPhotoCounts = (org: string | null = null) =>
  api<ItemList<HazardPhotoCount>>('GET', `/api/hazard-photo-counts${queryString({ org })}`).then(
    (r) => new Map(r.items.map((c) => [c.hazardId, c.photos])),
  );

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
