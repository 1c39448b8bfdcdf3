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
import type { RollCall, Urge } from '../domain/supervision';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { RollCallService } from './roll-call.service';
import {
  rollCallBodySchema,
  rollCallListQuerySchema,
  urgeBodySchema,
  urgeListQuerySchema,
  type RollCallBody,
  type RollCallListQuery,
  type UrgeBody,
  type UrgeListQuery,
} from './supervision.schemas';
import { UrgeService } from './urge.service';

const RATE_LIMIT =
  'within 5 minutes of the same official’s last urge of it (the message says when to try again)';

/**
 * 督办/催办 over HTTP (docs/alerting.md "Supervision"): officials urge (`supervision.urge`), the
 * school marks an urge seen (`supervision.respond`). Outside the scope: 404.
 */
@ApiTags('supervision')
@Controller('api')
export class UrgesController {
  constructor(@Inject(UrgeService) private readonly urges: UrgeService) {}

  @Post('alerts/:id/urge')
  @Requires('supervision.urge')
  @ApiOperation({
    summary: '督办: urge the school about an unresolved alert (banner on its console, SMS to its contacts)',
  })
  @ApiCreatedResponse({ description: 'the urge' })
  @ApiBadRequestResponse({ description: 'message longer than 200 characters' })
  @ApiNotFoundResponse({ description: 'alert unknown, or outside the user’s org' })
  @ApiConflictResponse({ description: `the alert is resolved, or ${RATE_LIMIT}` })
  urgeAlert(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(urgeBodySchema)) body: UrgeBody,
    @ClientIp() ip: string | null,
  ): Promise<Urge> {
    return this.urges.urgeAlert(user, id, body.message, ip);
  }

  @Post('hazards/:id/urge')
  @Requires('supervision.urge')
  @ApiOperation({ summary: '督办: urge the school about an overdue hazard' })
  @ApiCreatedResponse({ description: 'the urge' })
  @ApiBadRequestResponse({ description: 'message longer than 200 characters' })
  @ApiNotFoundResponse({ description: 'hazard unknown, or outside the user’s org' })
  @ApiConflictResponse({ description: `the hazard is closed or not overdue, or ${RATE_LIMIT}` })
  urgeHazard(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(urgeBodySchema)) body: UrgeBody,
    @ClientIp() ip: string | null,
  ): Promise<Urge> {
    return this.urges.urgeHazard(user, id, body.message, ip);
  }

  @Get('urges')
  @Requires('alerts.read')
  @ApiOperation({ summary: 'Urges of the user’s scope; active=true: those the school’s banner still shows' })
  async list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(urgeListQuerySchema)) query: UrgeListQuery,
  ): Promise<{ items: Urge[] }> {
    return { items: await this.urges.list(user, query.active) };
  }

  @Post('urges/:id/dismiss')
  @HttpCode(200)
  @Requires('supervision.respond')
  @ApiOperation({ summary: '已知悉: the school has seen the urge (the banner goes)' })
  @ApiOkResponse({ description: 'the urge, dismissedBy/dismissedAt set' })
  @ApiNotFoundResponse({ description: 'urge unknown, or outside the user’s org' })
  dismiss(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @ClientIp() ip: string | null,
  ): Promise<Urge> {
    return this.urges.dismiss(user, id, ip);
  }
}

/** 在线查岗 over HTTP (docs/alerting.md "Supervision"). */
@ApiTags('supervision')
@Controller('api/roll-calls')
export class RollCallsController {
  constructor(@Inject(RollCallService) private readonly rollCalls: RollCallService) {}

  @Post()
  @Requires('supervision.urge')
  @ApiOperation({
    summary:
      '在线查岗: ask schools (default: every school of the scope) to answer within answerWithinMinutes (default 10)',
  })
  @ApiCreatedResponse({ description: 'the roll-call' })
  @ApiBadRequestResponse({
    description: 'bad school code, or a window outside 1–120 min (5 s – 2 h in seconds)',
  })
  @ApiNotFoundResponse({ description: 'a school unknown or outside the user’s org' })
  start(
    @CurrentUser() user: AuthUser,
    @Body(new ZodValidationPipe(rollCallBodySchema)) body: RollCallBody,
    @ClientIp() ip: string | null,
  ): Promise<RollCall> {
    return this.rollCalls.start(user, body, ip);
  }

  @Get()
  @Requires('alerts.read')
  @ApiOperation({ summary: 'Roll-calls of the user’s scope, newest first (a school sees its own line)' })
  async list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(rollCallListQuerySchema)) query: RollCallListQuery,
  ): Promise<{ items: RollCall[] }> {
    return { items: await this.rollCalls.list(user, query) };
  }

  @Get(':id')
  @Requires('alerts.read')
  @ApiNotFoundResponse({ description: 'roll-call unknown, or none of its schools in the user’s org' })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<RollCall> {
    return this.rollCalls.get(user, id);
  }

  @Post(':id/answer')
  @HttpCode(200)
  @Requires('supervision.respond')
  @ApiOperation({ summary: 'The school answers (a school user): recorded with who and when' })
  @ApiOkResponse({ description: 'the roll-call with the school’s line' })
  @ApiNotFoundResponse({ description: 'roll-call unknown, or it does not call the user’s school' })
  @ApiConflictResponse({ description: 'answered already, or past the deadline' })
  answer(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @ClientIp() ip: string | null,
  ): Promise<RollCall> {
    return this.rollCalls.answer(user, id, ip);
  }
}
