import { z } from 'zod';

/** How long and how much a camera may take (docs/alerting.md "视频复核"). */
export interface MediaLimits {
  /** Per request, connect to last byte; default 5 s. */
  timeoutMs: number;
  snapshotMaxBytes: number;
  clipMaxBytes: number;
}

export const DEFAULT_MEDIA_LIMITS: MediaLimits = {
  timeoutMs: 5_000,
  snapshotMaxBytes: 5 * 1024 * 1024,
  clipMaxBytes: 20 * 1024 * 1024,
};

const positive = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int({ error: `${name} must be a whole number` })
    .positive({ error: `${name} must be above 0` })
    .optional();

const schema = z.object({
  CAMERA_TIMEOUT_MS: positive('CAMERA_TIMEOUT_MS'),
  CAMERA_SNAPSHOT_MAX_BYTES: positive('CAMERA_SNAPSHOT_MAX_BYTES'),
  CAMERA_CLIP_MAX_BYTES: positive('CAMERA_CLIP_MAX_BYTES'),
});

/** The limits from the environment; a malformed value stops the start with its name. */
export function mediaLimitsFromEnv(env: Readonly<Record<string, string | undefined>>): MediaLimits {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  const v = parsed.data;
  return {
    timeoutMs: v.CAMERA_TIMEOUT_MS ?? DEFAULT_MEDIA_LIMITS.timeoutMs,
    snapshotMaxBytes: v.CAMERA_SNAPSHOT_MAX_BYTES ?? DEFAULT_MEDIA_LIMITS.snapshotMaxBytes,
    clipMaxBytes: v.CAMERA_CLIP_MAX_BYTES ?? DEFAULT_MEDIA_LIMITS.clipMaxBytes,
  };
}
