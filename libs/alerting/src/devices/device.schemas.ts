import { z } from 'zod';
import { orgCodeParam } from '../http/org-code.schema';

/** The `status` filter of `GET /api/devices` (plan §C). */
export const DEVICE_STATUSES = ['online', 'offline', 'faulty', 'low_battery', 'unknown'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export const deviceListQuerySchema = z
  .object({
    org: orgCodeParam.optional(),
    status: z
      .enum(DEVICE_STATUSES, { message: `status must be one of ${DEVICE_STATUSES.join(', ')}` })
      .optional(),
  })
  .strict();
export type DeviceListQueryParams = z.infer<typeof deviceListQuerySchema>;
