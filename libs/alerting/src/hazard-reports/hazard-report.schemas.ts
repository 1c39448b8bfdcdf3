import type {
  Conforms,
  DismissHazardReportBody as WireDismissBody,
  MergeHazardReportBody as WireMergeBody,
  RegisterHazardReportBody as WireRegisterBody,
} from '@campus/api-contract';
import { z } from 'zod';
import { HAZARD_GRADES } from '@campus/api-contract';
import { orgCodeParam } from '../http/org-code.schema';
import { HAZARD_REPORT_CATEGORIES, HAZARD_REPORT_STATUSES, PHOTO_STAGES } from '../domain/hazard-report';

/** An optional short text field of a form: blank counts as absent. */
const place = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

const common = {
  category: z.enum(HAZARD_REPORT_CATEGORIES),
  description: z.string().trim().min(1, 'describe what you saw').max(2000),
  building: place,
  floor: place,
  room: place,
  urgent: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
};

/** The text fields of `POST /api/hazard-reports` (multipart; the photos are files in `photos`). */
export const hazardReportFieldsSchema = z.object(common);
export type HazardReportFields = z.infer<typeof hazardReportFieldsSchema>;

/**
 * The text fields of the public link. `website` is a honeypot: the form hides it, a person leaves
 * it empty, a form-filling bot usually does not (docs/alerting.md "Hazard reports").
 */
export const publicHazardReportFieldsSchema = z.object({
  ...common,
  contact: place,
  website: z.string().max(0, 'refused: the hidden field "website" must stay empty').optional(),
});
export type PublicHazardReportFields = z.infer<typeof publicHazardReportFieldsSchema>;

export const hazardReportListQuerySchema = z.object({
  status: z.enum(HAZARD_REPORT_STATUSES).optional(),
  /** An org unit within the user's scope (default: the user's own); 404 outside it. */
  org: orgCodeParam.optional(),
});
export type HazardReportListQuery = z.infer<typeof hazardReportListQuerySchema>;

const deadline = z
  .string()
  .trim()
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)),
    {
      message: 'deadline must be an ISO 8601 date or date-time, e.g. 2026-12-31 or 2026-12-31T18:00:00+08:00',
    },
  );

export const registerHazardReportBodySchema = z.object({
  grade: z.enum(HAZARD_GRADES),
  owner: z.string().trim().min(1).max(200),
  deadline,
  title: z.string().trim().min(1).max(200).optional(),
});
export type RegisterHazardReportBody = Conforms<
  z.infer<typeof registerHazardReportBodySchema>,
  WireRegisterBody
>;

export const mergeHazardReportBodySchema = z.object({ hazardId: z.string().trim().min(1).max(100) });
export type MergeHazardReportBody = Conforms<z.infer<typeof mergeHazardReportBodySchema>, WireMergeBody>;

export const dismissHazardReportBodySchema = z.object({ reason: z.string().trim().min(1).max(2000) });
export type DismissHazardReportBody = Conforms<
  z.infer<typeof dismissHazardReportBodySchema>,
  WireDismissBody
>;

/** The text fields of `POST /api/hazards/{id}/photos` (multipart). */
export const hazardPhotoFieldsSchema = z.object({
  stage: z.enum(PHOTO_STAGES),
  note: z.string().trim().max(500).optional(),
});
export type HazardPhotoFields = z.infer<typeof hazardPhotoFieldsSchema>;

/** The query of `GET /api/photos/{id}`: a signed URL's parameters (else a bearer token is needed). */
/** Lenient on purpose: a malformed signature is "no signature" (then 404), never a 400 that tells anything. */
const signaturePart = z
  .unknown()
  .transform((v) => (typeof v === 'string' && v.length <= 200 ? v : undefined));
export const photoQuerySchema = z.object({
  expires: signaturePart.optional(),
  sig: signaturePart.optional(),
});
export type PhotoQuery = z.infer<typeof photoQuerySchema>;

/** `GET /api/public/hazard-reports/{id}?token=`: lenient like the signature (a bad token is 404). */
export const followQuerySchema = z.object({ token: signaturePart.optional() });
export type FollowQuery = z.infer<typeof followQuerySchema>;

/** `GET /api/hazard-photo-counts?org=`: an org unit within the user's scope (default: the user's own). */
export const photoCountsQuerySchema = z.object({ org: orgCodeParam.optional() });
export type PhotoCountsQuery = z.infer<typeof photoCountsQuerySchema>;
