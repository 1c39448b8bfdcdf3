import { z } from 'zod';

/** An instant in a query string: ISO 8601 with a zone, or epoch milliseconds → epoch ms. */
const instant = z
  .string()
  .trim()
  .min(1)
  .transform((text, ctx) => {
    const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
    if (!Number.isFinite(ms) || (!/^\d+$/.test(text) && !/(Z|[+-]\d\d:?\d\d)$/i.test(text))) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected ISO 8601 with a zone (2026-11-28T00:00:00+08:00) or epoch milliseconds',
      });
      return z.NEVER;
    }
    return ms;
  });

export const reportQuerySchema = z
  .object({
    /** Any org unit in the user's scope (default: the user's own). */
    org: z.string().min(1).max(64).optional(),
    from: instant.optional(),
    to: instant.optional(),
  })
  .strict();
export type ReportQueryParams = z.infer<typeof reportQuerySchema>;

export const DEFAULT_PERIOD_MS = 30 * 86_400_000;
/** The longest period one report covers. */
export const MAX_PERIOD_MS = 366 * 86_400_000;
