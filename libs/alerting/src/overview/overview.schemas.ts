import { z } from 'zod';

export const overviewQuerySchema = z
  .object({
    /** Any org unit in the user's scope (default: the user's own). */
    org: z.string().min(1).max(64).optional(),
  })
  .strict();
export type OverviewQueryParams = z.infer<typeof overviewQuerySchema>;
