import type { Conforms, HazardTransitionBody as WireTransitionBody } from '@campus/api-contract';
import { z } from 'zod';
import { orgCodeParam } from '../http/org-code.schema';
import { HAZARD_STATES } from '../domain/hazard';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const hazardListQuerySchema = z.object({
  state: z.enum(HAZARD_STATES).optional(),
  overdue: flag.optional(),
  /** An org unit within the user's scope (default: the user's own); 404 outside it. */
  org: orgCodeParam.optional(),
});
export type HazardListQueryParams = z.infer<typeof hazardListQuerySchema>;

export const hazardTransitionBodySchema = z.object({
  to: z.enum(HAZARD_STATES),
  note: z.string().trim().min(1).max(2000).optional(),
  /** The responsible person (kept when omitted). */
  owner: z.string().trim().min(1).max(200).optional(),
});
export type HazardTransitionBody = Conforms<z.infer<typeof hazardTransitionBodySchema>, WireTransitionBody>;
