import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  Optional,
  Query,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { TelemetryAnswer } from '@campus/api-contract';
import type { Sites } from '@campus/device-protocols';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Requires } from '../auth/requires.decorator';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { SITES } from '../di/tokens';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { TELEMETRY_READER, type TelemetryReader } from './telemetry-reader';
import { MAX_RANGE_MS, telemetryQuerySchema, type TelemetryQueryParams } from './telemetry.schemas';

/** docs/alerting.md: `GET /api/telemetry?device=&metric=&from=&to=`, default the last hour. */
@ApiTags('telemetry')
@Controller('api/telemetry')
export class TelemetryController {
  constructor(
    @Inject(SITES) private readonly sites: Sites,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Optional() @Inject(TELEMETRY_READER) private readonly reader: TelemetryReader | undefined,
  ) {}

  @Get()
  @Requires('telemetry.read')
  async read(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(telemetryQuerySchema)) query: TelemetryQueryParams,
  ): Promise<TelemetryAnswer> {
    const device = this.sites.deviceById.get(query.device);
    this.scope.assertVisible(user, device?.org, `no device "${query.device}"`);
    const to = query.to ?? Date.now();
    const from = query.from ?? to - 3600 * 1000;
    if (from > to) throw new BadRequestException('from must not be after to');
    if (to - from > MAX_RANGE_MS) throw new BadRequestException('the range may be at most 31 days');
    if (!this.reader) {
      throw new ServiceUnavailableException(
        'telemetry history is not available on this alert service: run it in the platform or give it a time-series store',
      );
    }
    const points = await this.reader.queryTelemetry({ device: query.device, metric: query.metric, from, to });
    return { points: points.map((p) => ({ ts: new Date(p.ts).toISOString(), value: p.value })) };
  }
}
