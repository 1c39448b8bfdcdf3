import {
  DIVISION_CODE,
  EVENT_TYPE_PATTERN,
  METRIC_NAME_PATTERN,
  SCHOOL_CODE,
  type UplinkMessage,
} from '@campus/device-protocols';
import { z } from 'zod';

/**
 * The payload the gateway publishes on `platform/v1/uplink/…` (`UplinkMessage` of
 * @campus/device-protocols): a canonical reading, event or availability plus `v: 1`, the org
 * path (four codes) and the device kind. Unknown keys are dropped (additive fields of later
 * gateways are harmless); anything else off-contract is refused.
 */
const orgPath = z.object({
  province: z.string().regex(DIVISION_CODE),
  city: z.string().regex(DIVISION_CODE),
  county: z.string().regex(DIVISION_CODE),
  school: z.string().regex(SCHOOL_CODE),
});

const envelope = {
  v: z.literal(1),
  org: orgPath,
  deviceKind: z.string().min(1),
  device: z.string().min(1),
  /** Epoch milliseconds (finite: zod refuses Infinity and NaN). */
  ts: z.number(),
  /** The edge gateway's message id (docs/operations.md, "Edge gateways and the central broker"). */
  id: z.string().min(1).max(200).optional(),
};

export const uplinkMessageSchema: z.ZodType<UplinkMessage> = z.discriminatedUnion('kind', [
  z.object({
    ...envelope,
    kind: z.literal('reading'),
    metrics: z.record(z.string().regex(METRIC_NAME_PATTERN), z.number()),
  }),
  z.object({
    ...envelope,
    kind: z.literal('event'),
    type: z.string().regex(EVENT_TYPE_PATTERN),
    data: z.record(z.string(), z.unknown()),
  }),
  z.object({ ...envelope, kind: z.literal('availability'), online: z.boolean() }),
]);

export type UplinkParse = { ok: true; message: UplinkMessage } | { ok: false; reason: string };

/** Parses one uplink payload (JSON text); the reason names the first problem, never the whole payload. */
export function parseUplinkPayload(payload: Buffer | string): UplinkParse {
  let json: unknown;
  try {
    json = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = uplinkMessageSchema.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, reason: `${where}${issue?.message ?? 'invalid'}` };
}
