import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Requires } from '../auth/requires.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { DEVICE_STATUSES, deviceListQuerySchema, type DeviceListQueryParams } from './device.schemas';
import type { DeviceView } from './device-view';
import { DevicesService } from './devices.service';

/**
 * `GET /api/devices?org=&status=` (docs/alerting.md, "Organisations and devices"). Device status is live telemetry, so it takes
 * `telemetry.read` (every role); the org scope then limits where.
 */
@ApiTags('devices')
@Controller('api/devices')
export class DevicesController {
  constructor(@Inject(DevicesService) private readonly devices: DevicesService) {}

  @Get()
  @Requires('telemetry.read')
  @ApiQuery({ name: 'org', required: false, description: 'org unit code (default: the user’s org)' })
  @ApiQuery({ name: 'status', required: false, enum: DEVICE_STATUSES })
  @ApiOkResponse({ description: '{ items: Device[] } sorted by school, building, floor, room, id' })
  @ApiNotFoundResponse({ description: 'the org is outside the user’s scope (or unknown)' })
  async list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(deviceListQuerySchema)) query: DeviceListQueryParams,
  ): Promise<{ items: DeviceView[] }> {
    return { items: await this.devices.list(user, query) };
  }
}
