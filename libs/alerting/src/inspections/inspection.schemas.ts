import type {
  CompleteInspectionBody,
  Conforms,
  FindingBody as WireFindingBody,
  ItemResultBody as WireItemResultBody,
  StartInspectionBody as WireStartInspectionBody,
} from '@campus/api-contract';
import { z } from 'zod';
import { HAZARD_GRADES } from '../domain/trigger';
import { instantSchema } from '../drills/drill.schemas';
import { INSPECTION_STATUSES, ITEM_RESULTS } from '../domain/inspection';

const code = z.string().min(1).max(64);

export const startInspectionBodySchema = z.object({ school: code });
export type StartInspectionBody = Conforms<
  z.infer<typeof startInspectionBodySchema>,
  WireStartInspectionBody
>;

export const inspectionListQuerySchema = z.object({
  /** Any org unit in the user's scope (default: the user's own). */
  org: code.optional(),
  school: code.optional(),
  status: z.enum(INSPECTION_STATUSES).optional(),
});
export type InspectionListParams = z.infer<typeof inspectionListQuerySchema>;

export const itemKeySchema = z.string().min(1).max(64);

export const itemResultBodySchema = z.object({
  result: z.enum(ITEM_RESULTS),
  /** Replaces the item's note; kept when omitted. */
  note: z.string().trim().max(2000).optional(),
});
export type ItemResultBody = Conforms<z.infer<typeof itemResultBodySchema>, WireItemResultBody>;

export const findingBodySchema = z.object({
  title: z.string().trim().min(1).max(200),
  grade: z.enum(HAZARD_GRADES),
  /** The rectification deadline: ISO 8601 with a zone, or epoch ms; must be in the future. */
  deadline: instantSchema,
  item: itemKeySchema.optional(),
  note: z.string().trim().min(1).max(2000).optional(),
});
export type FindingBody = Conforms<z.infer<typeof findingBodySchema>, WireFindingBody>;

/** The body may be absent. */
export const completeBodySchema = z.preprocess(
  (v) => v ?? {},
  z.object({ conclusion: z.string().trim().min(1).max(4000).optional() }),
);
export type CompleteBody = Conforms<z.infer<typeof completeBodySchema>, CompleteInspectionBody>;
