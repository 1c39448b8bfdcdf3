import type { HazardGrade, HazardState } from './hazards';
import type { HAZARD_REPORT_CATEGORY_LABELS } from './vocabulary';

/**
 * 人人参与: hazards reported by people (docs/alerting.md "Hazard reports"). What the reporter saw;
 * the school's security staff triage it into the hazard workflow.
 */
export const HAZARD_REPORT_CATEGORIES = [
  'fire_exit',
  'electrical',
  'structure',
  'fence_gate',
  'food_safety',
  'gate_traffic',
  'bullying',
  'other',
] as const satisfies readonly (keyof typeof HAZARD_REPORT_CATEGORY_LABELS)[];
export type HazardReportCategory = (typeof HAZARD_REPORT_CATEGORIES)[number];

/**
 * `unverified`: sent through a school's public link (no account), waiting for triage; `new`: by a
 * signed-in user, waiting for triage; `registered`: became a hazard; `merged`: linked to an
 * existing hazard; `dismissed`: not a hazard (with a reason).
 */
export const HAZARD_REPORT_STATUSES = ['unverified', 'new', 'registered', 'merged', 'dismissed'] as const;
export type HazardReportStatus = (typeof HAZARD_REPORT_STATUSES)[number];

/** When a photo was taken in the loop: with the report or registration (before), rectification (after), acceptance. */
export const PHOTO_STAGES = ['before', 'after', 'acceptance'] as const;
export type PhotoStage = (typeof PHOTO_STAGES)[number];

/** A stored photo; `url` is signed and short-lived, fit for `<img src>` (docs/alerting.md). */
export interface Photo {
  id: string;
  stage: PhotoStage;
  contentType: string;
  bytes: number;
  /** Username, or `public` for the public link. */
  by: string;
  at: string;
  /** The report it came with, if any. */
  reportId: string | null;
  /** The hazard it belongs to (a report's photos once it is registered or merged). */
  hazardId: string | null;
  /** `/api/photos/{id}?expires=…&sig=…`: works without a bearer token until `expires`. */
  url: string;
}

export interface HazardReport {
  id: string;
  status: HazardReportStatus;
  /** `account`: a signed-in user; `public`: the school's public link. */
  channel: 'account' | 'public';
  category: HazardReportCategory;
  description: string;
  building: string | null;
  floor: string | null;
  room: string | null;
  urgent: boolean;
  /** Username, or `public`. */
  reportedBy: string;
  /** Public link only, optional: how to reach the reporter. Never in the audit log. */
  contact: string | null;
  school: string;
  county: string;
  city: string;
  province: string;
  createdAt: string;
  /** Who triaged and when (null while `new`/`unverified`). */
  triagedBy: string | null;
  triagedAt: string | null;
  dismissReason: string | null;
  /** The hazard it became (`registered`) or was merged into (`merged`). */
  hazardId: string | null;
  /** That hazard's state now: the reporter follows it here. */
  hazardState: HazardState | null;
  /** True once that hazard is closed (rectified and accepted): "fixed" for the reporter. */
  fixed: boolean;
  photos: Photo[];
}

/** `POST /api/hazard-reports/{id}/register`: into the hazard workflow. */
export interface RegisterHazardReportBody {
  grade: HazardGrade;
  /** The responsible person. */
  owner: string;
  /** ISO 8601 date or date-time, in the future. */
  deadline: string;
  /** The hazard's title (default: the category and the start of the description). */
  title?: string;
}

/** `POST /api/hazard-reports/{id}/merge`: the report shows an existing unclosed hazard. */
export interface MergeHazardReportBody {
  hazardId: string;
}

/** `POST /api/hazard-reports/{id}/dismiss`. */
export interface DismissHazardReportBody {
  reason: string;
}

/**
 * `GET /api/hazard-reports/places`: the places of the user's school a reporter picks from
 * (building → floor → room), as the sites file names them on its devices.
 */
export interface HazardReportPlace {
  building: string;
  floor: string | null;
  room: string | null;
}

/** `GET /api/public/schools/{code}` (no account): what the public reporting page shows of a school. */
export interface PublicSchool {
  code: string;
  name: string;
  /** The school's buildings (from its devices in the sites file), for "where"; no floors or rooms. */
  buildings: string[];
}

/** The answer to `POST /api/public/schools/{code}/hazard-reports`: the token follows the report. */
export interface PublicReportReceipt {
  id: string;
  status: 'unverified';
  followToken: string;
}

/** `GET /api/public/hazard-reports/{id}?token=`: no personal data, no photos. */
export interface PublicReportStatus {
  id: string;
  status: HazardReportStatus;
  hazardState: HazardReport['hazardState'];
  fixed: boolean;
}

/**
 * `GET /api/schools/{code}/public-link`: a school's public reporting link (`<PUBLIC_URL>/p/{code}`)
 * and its QR code as SVG, for the poster the school prints.
 */
export interface SchoolPublicLink {
  school: { code: string; name: string };
  url: string;
  /** `<svg …>…</svg>` encoding `url`. */
  svg: string;
}

/**
 * `GET /api/hazard-photo-counts?org=`: how many photos (before, after, acceptance) each hazard of
 * the scope has; hazards without photos are absent.
 */
export interface HazardPhotoCount {
  hazardId: string;
  photos: number;
}
