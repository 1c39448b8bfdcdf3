import type {
  Conforms,
  RollCallBody as WireRollCallBody,
  UrgeBody as WireUrgeBody,
} from '@campus/api-contract';
import { z } from 'zod';
import { orgCodeParam } from '../http/org-code.schema';
import { ROLL_CALL_MAX_MINUTES, ROLL_CALL_MIN_SECONDS } from './supervision-rules';

/** `POST /api/alerts/{id}/urge`, `POST /api/hazards/{id}/urge`: the body may be absent. */
export const urgeBodySchema = z
  .object({ message: z.string().trim().min(1).max(200, 'message: at most 200 characters').optional() })
  .strict()
  .optional()
  .default({});
export type UrgeBody = Conforms<z.infer<typeof urgeBodySchema>, WireUrgeBody>;

export const urgeListQuerySchema = z.object({
  /** true: not dismissed, and the alert still open (the hazard unclosed). */
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type UrgeListQuery = z.infer<typeof urgeListQuerySchema>;

export const rollCallBodySchema = z
  .object({
    schools: z.array(orgCodeParam).min(1).max(5000).optional(),
    answerWithinMinutes: z.number().int().min(1).max(ROLL_CALL_MAX_MINUTES).optional(),
    /** For drills and tests: a window shorter than a minute (docs/alerting.md). */
    answerWithinSeconds: z
      .number()
      .int()
      .min(ROLL_CALL_MIN_SECONDS)
      .max(ROLL_CALL_MAX_MINUTES * 60)
      .optional(),
  })
  .strict()
  .refine((b) => b.answerWithinMinutes === undefined || b.answerWithinSeconds === undefined, {
    message: 'give answerWithinMinutes or answerWithinSeconds, not both',
  });
export type RollCallBody = Conforms<z.infer<typeof rollCallBodySchema>, WireRollCallBody>;

export const rollCallListQuerySchema = z.object({
  status: z.enum(['open', 'closed']).optional(),
});
export type RollCallListQuery = z.infer<typeof rollCallListQuerySchema>;
