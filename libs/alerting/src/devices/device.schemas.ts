import { z } from 'zod';

/** The `status` filter of `GET /api/devices` (plan §C). */
export const DEVICE_STATUSES = ['online', 'offline', 'faulty', 'low_battery', 'unknown'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export const deviceListQuerySchema = z
  .object({
    org: z
      .string()
      .trim()
      .regex(
        /^(\d{6}|\d{10})$/,
        'org must be a 6-digit division code (province, city, county) or a 10-digit school code',
      )
      .optional(),
    status: z
      .enum(DEVICE_STATUSES, { message: `status must be one of ${DEVICE_STATUSES.join(', ')}` })
      .optional(),
  })
  .strict();
export type DeviceListQueryParams = z.infer<typeof deviceListQuerySchema>;
