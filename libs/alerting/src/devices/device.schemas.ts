import { DEVICE_STATUSES } from '@campus/api-contract';
import { z } from 'zod';
import { orgCodeParam } from '../http/org-code.schema';

/** The `status` filter of `GET /api/devices` (docs/alerting.md). */
export { DEVICE_STATUSES, type DeviceStatus } from '@campus/api-contract';

export const deviceListQuerySchema = z
  .object({
    org: orgCodeParam.optional(),
    status: z
      .enum(DEVICE_STATUSES, { message: `status must be one of ${DEVICE_STATUSES.join(', ')}` })
      .optional(),
  })
  .strict();
export type DeviceListQueryParams = z.infer<typeof deviceListQuerySchema>;
