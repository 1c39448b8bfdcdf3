import { z } from 'zod';

/** ISO 8601 or epoch milliseconds (docs/alerting.md). */
const instant = z
  .string()
  .trim()
  .min(1)
  .transform((text, ctx) => {
    const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected ISO 8601 (2026-11-28T10:00:00Z) or epoch milliseconds',
      });
      return z.NEVER;
    }
    return ms;
  });

/** The longest range one request may read: a month of a device's readings. */
export const MAX_RANGE_MS = 31 * 24 * 3600 * 1000;

export const telemetryQuerySchema = z
  .object({
    device: z.string().trim().min(1, 'device is required'),
    metric: z
      .string()
      .trim()
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'metric must be a metric name such as temperature'),
    from: instant.optional(),
    to: instant.optional(),
  })
  .strict();

export type TelemetryQueryParams = z.infer<typeof telemetryQuerySchema>;
