import { Body, Controller, Get, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientIp } from '../audit/client-ip';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Requires } from '../auth/requires.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import type { RiskPoint } from '../domain/risk-point';
import {
  riskPointBodySchema,
  riskPointIdSchema,
  riskPointListQuerySchema,
  type RiskPointBody,
  type RiskPointListQuery,
} from './risk-point.schemas';
import { RiskPointService, type RiskPointEdit } from './risk-point.service';

/** 风险分级管控 over HTTP: everyone reads their org's register; school admins edit it. */
@ApiTags('risk-points')
@Controller('api/risk-points')
export class RiskPointsController {
  constructor(@Inject(RiskPointService) private readonly points: RiskPointService) {}

  @Get()
  @Requires('hazards.read')
  async list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(riskPointListQuerySchema)) query: RiskPointListQuery,
  ): Promise<{ items: RiskPoint[] }> {
    return { items: await this.points.list(user, query) };
  }

  @Get(':id/history')
  @Requires('hazards.read')
  @ApiOperation({ summary: 'Who edited the point and what they changed, newest first (from the audit log)' })
  @ApiNotFoundResponse({ description: 'risk point unknown, or outside the user’s org' })
  async history(
    @CurrentUser() user: AuthUser,
    @Param('id', new ZodValidationPipe(riskPointIdSchema)) id: string,
  ): Promise<{ items: RiskPointEdit[] }> {
    return { items: await this.points.history(user, id) };
  }

  @Put(':id')
  @Requires('risk_register.edit')
  put(
    @CurrentUser() user: AuthUser,
    @Param('id', new ZodValidationPipe(riskPointIdSchema)) id: string,
    @Body(new ZodValidationPipe(riskPointBodySchema)) body: RiskPointBody,
    @ClientIp() ip: string | null,
  ): Promise<RiskPoint> {
    return this.points.put(user, id, body, ip);
  }
}
