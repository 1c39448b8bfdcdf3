import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Overview } from '@campus/api-contract';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Requires } from '../auth/requires.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { OverviewDoc } from './overview.docs';
import { overviewQuerySchema, type OverviewQueryParams } from './overview.schemas';
import { OverviewService } from './overview.service';

/** The officials' overview (态势) of the user's org or a unit within it. */
@ApiTags('overview')
@Controller('api')
@Requires('alerts.read')
export class OverviewController {
  constructor(@Inject(OverviewService) private readonly overviews: OverviewService) {}

  @Get('overview')
  @ApiOperation({
    summary:
      'Per school: live alarms, escalation, offline devices, hazards, risk grade, inspections; today, 7 days, coverage, alarms escalated to me',
  })
  @ApiQuery({
    name: 'org',
    required: false,
    type: String,
    description: 'org unit code (default: the user’s)',
  })
  @ApiOkResponse({ type: OverviewDoc })
  @ApiNotFoundResponse({ description: 'org unknown or outside the user’s org' })
  overview(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(overviewQuerySchema)) query: OverviewQueryParams,
  ): Promise<Overview> {
    return this.overviews.overview(user, query);
  }
}
