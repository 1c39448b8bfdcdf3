import { z } from 'zod';
import { DEVICE_KIND_LABELS, DEVICE_PROTOCOLS, PLACE_USE_LABELS, RISK_GRADES } from '@campus/api-contract';
import type { DeviceCreateBody, DeviceKind, DevicePatchBody, LocationUse } from '@campus/api-contract';

/** Request bodies of the registry's device endpoints (docs/registry.md); shapes beyond these are checked as the sites file's. */

const kind = z.enum(Object.keys(DEVICE_KIND_LABELS) as [DeviceKind, ...DeviceKind[]], {
  error: () => `kind must be one of ${Object.keys(DEVICE_KIND_LABELS).join(', ')}`,
});
const use = z.enum(Object.keys(PLACE_USE_LABELS) as [LocationUse, ...LocationUse[]], {
  error: () => `use must be one of ${Object.keys(PLACE_USE_LABELS).join(', ')}`,
});
const risk = z.enum(RISK_GRADES, { error: () => `risk must be one of ${RISK_GRADES.join(', ')}` });
const text = (what: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `${what} is empty` })
    .max(200);
const location = z.strictObject({
  building: text('building').optional(),
  floor: z.number().int().min(-10).max(200).optional(),
  room: text('room').optional(),
  use: use.optional(),
});
const via = z.strictObject({ bridge: text('via.bridge'), name: text('via.name') });

export const schoolCodeSchema = z
  .string()
  .regex(/^\d{10}$/, { error: 'a school code is 10 digits, e.g. 2161010001' });
export const deviceIdParamSchema = z.string().min(1).max(128);

export const deviceCreateBodySchema = z.strictObject({
  school: schoolCodeSchema,
  id: z.string().min(1, { error: 'id is empty: give the device an id, e.g. smk-1-001' }).max(128),
  kind,
  protocol: z.enum(DEVICE_PROTOCOLS).optional(),
  location: location.optional(),
  risk: risk.optional(),
  via: via.optional(),
  baseTopic: text('baseTopic').optional(),
  address: z
    .number()
    .int()
    .min(0)
    .max(2 ** 48 - 1)
    .optional(),
  restrictedZones: z.array(text('a zone')).min(1).optional(),
}) satisfies z.ZodType<DeviceCreateBody>;

export const devicePatchBodySchema = z
  .strictObject({
    kind: kind.optional(),
    location: location.nullable().optional(),
    risk: risk.nullable().optional(),
    via: via.nullable().optional(),
    restrictedZones: z.array(text('a zone')).min(1).nullable().optional(),
    address: z
      .number()
      .int()
      .min(0)
      .max(2 ** 48 - 1)
      .nullable()
      .optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    error: 'nothing to change: give at least one of kind, location, risk, via, restrictedZones, address',
  }) satisfies z.ZodType<DevicePatchBody>;

export const registryDeviceListQuerySchema = z.strictObject({ school: schoolCodeSchema });

export const importQuerySchema = z.strictObject({
  apply: z
    .enum(['0', '1'], { error: 'apply is 1 (apply the accepted rows) or 0 (dry run, the default)' })
    .optional(),
});

export const enrolBodySchema = z.strictObject({
  code: z.string().trim().min(4).max(32),
});
