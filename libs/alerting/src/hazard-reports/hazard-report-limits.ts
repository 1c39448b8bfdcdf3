import { parseDuration } from '@campus/device-protocols';
import { z } from 'zod';

/** Limits of hazard reports and photos; environment variables and defaults in README.md. */
export interface HazardReportLimits {
  /** One photo (HAZARD_PHOTO_MAX_BYTES, default 5 MiB). */
  photoMaxBytes: number;
  /** One request, photos and fields together (HAZARD_REPORT_MAX_BYTES, default 20 MiB). */
  requestMaxBytes: number;
  /** Reports through a public link per client address per window (PUBLIC_REPORTS_PER_ADDRESS, default 5). */
  publicPerAddress: number;
  /** … per school per window, all addresses together (PUBLIC_REPORTS_PER_SCHOOL, default 60). */
  publicPerSchool: number;
  /** PUBLIC_REPORTS_WINDOW, default 1h. */
  publicWindowMs: number;
  /** How long a signed photo URL works (PHOTO_URL_TTL, default 15m). */
  photoUrlTtlMs: number;
}

export const HAZARD_REPORT_LIMITS = Symbol('HAZARD_REPORT_LIMITS');

const MIB = 1024 * 1024;
const count = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a positive integer` })
    .int(`${name} must be a positive integer`)
    .positive(`${name} must be a positive integer`)
    .default(fallback);
const duration = (name: string, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const seconds = parseDuration(v);
      if (seconds !== undefined && seconds > 0) return seconds * 1000;
      ctx.addIssue({
        code: 'custom',
        message: `${name} must be a duration like 90s, 15m or 1h, got ${JSON.stringify(v)}`,
      });
      return z.NEVER;
    });

const envSchema = z.object({
  HAZARD_PHOTO_MAX_BYTES: count('HAZARD_PHOTO_MAX_BYTES', 5 * MIB),
  HAZARD_REPORT_MAX_BYTES: count('HAZARD_REPORT_MAX_BYTES', 20 * MIB),
  PUBLIC_REPORTS_PER_ADDRESS: count('PUBLIC_REPORTS_PER_ADDRESS', 5),
  PUBLIC_REPORTS_PER_SCHOOL: count('PUBLIC_REPORTS_PER_SCHOOL', 60),
  PUBLIC_REPORTS_WINDOW: duration('PUBLIC_REPORTS_WINDOW', '1h'),
  PHOTO_URL_TTL: duration('PHOTO_URL_TTL', '15m'),
});

/** The limits from the environment; throws naming the variable when one is malformed. */
export function hazardReportLimitsFromEnv(env: NodeJS.ProcessEnv): HazardReportLimits {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`hazard report limits: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  const e = parsed.data;
  return {
    photoMaxBytes: e.HAZARD_PHOTO_MAX_BYTES,
    requestMaxBytes: e.HAZARD_REPORT_MAX_BYTES,
    publicPerAddress: e.PUBLIC_REPORTS_PER_ADDRESS,
    publicPerSchool: e.PUBLIC_REPORTS_PER_SCHOOL,
    publicWindowMs: e.PUBLIC_REPORTS_WINDOW,
    photoUrlTtlMs: e.PHOTO_URL_TTL,
  };
}
