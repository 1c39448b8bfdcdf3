import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ClientIp } from '../audit/client-ip';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Requires } from '../auth/requires.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import type { Drill } from '../domain/drill';
import { drillBodySchema, drillListQuerySchema, type DrillBody, type DrillListQuery } from './drill.schemas';
import { DrillService } from './drill.service';

/**
 * 应急演练 (drill mode) over HTTP. Reading needs only a login (alerts.read); starting and ending,
 * drill_mode.set. A drill lasts at most DRILL_MAX_HOURS (default 24 h).
 */
@ApiTags('drills')
@Controller('api/drills')
export class DrillsController {
  constructor(@Inject(DrillService) private readonly drills: DrillService) {}

  @Post()
  @Requires('drill_mode.set')
  @ApiOperation({ summary: 'Put a school or one device in drill mode for [from, to)' })
  @ApiCreatedResponse({ description: 'the drill' })
  @ApiBadRequestResponse({
    description: 'bad body, to not after from, or longer than DRILL_MAX_HOURS (default 24 h)',
  })
  @ApiNotFoundResponse({ description: 'school or device unknown, or outside the user’s org' })
  create(
    @CurrentUser() user: AuthUser,
    @Body(new ZodValidationPipe(drillBodySchema)) body: DrillBody,
    @ClientIp() ip: string | null,
  ): Promise<Drill> {
    return this.drills.create(user, body, ip);
  }

  @Post(':id/end')
  @HttpCode(200)
  @Requires('drill_mode.set')
  @ApiOperation({
    summary: 'End a drill now (cancel one not started yet): alerts from now on page as usual',
  })
  @ApiOkResponse({ description: 'the drill, `to` now' })
  @ApiNotFoundResponse({ description: 'drill unknown, or outside the user’s org' })
  @ApiConflictResponse({ description: 'the drill is over already' })
  end(@CurrentUser() user: AuthUser, @Param('id') id: string, @ClientIp() ip: string | null): Promise<Drill> {
    return this.drills.end(user, id, ip);
  }

  @Get()
  @Requires('alerts.read')
  async list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(drillListQuerySchema)) query: DrillListQuery,
  ): Promise<{ items: Drill[] }> {
    return { items: await this.drills.list(user, query) };
  }
}
