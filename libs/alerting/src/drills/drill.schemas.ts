import type { Conforms, DrillBody as WireDrillBody } from '@campus/api-contract';
import { z } from 'zod';

/** An instant: ISO 8601 with a zone, or epoch milliseconds. */
export const instantSchema = z
  .union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()])
  .transform((v) => new Date(v).toISOString());

export const drillBodySchema = z
  .object({
    school: z.string().min(1).max(64).optional(),
    device: z.string().min(1).max(128).optional(),
    from: instantSchema,
    to: instantSchema,
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .refine((b) => (b.school === undefined) !== (b.device === undefined), {
    message: 'give exactly one of school and device',
  })
  .refine((b) => b.to > b.from, { message: 'to must be after from', path: ['to'] });
export type DrillBody = Conforms<z.infer<typeof drillBodySchema>, WireDrillBody>;

export const drillListQuerySchema = z.object({
  /** true: only drills on now. */
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type DrillListQuery = z.infer<typeof drillListQuerySchema>;
