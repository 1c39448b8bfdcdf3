import { Body, Controller, Get, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Requires } from '../auth/requires.decorator';
import { ZodValidationPipe } from '../api/zod-validation.pipe';
import type { RiskPoint } from '../domain/risk-point';
import {
  riskPointBodySchema,
  riskPointIdSchema,
  riskPointListQuerySchema,
  type RiskPointBody,
  type RiskPointListQuery,
} from './risk-point.schemas';
import { RiskPointService } from './risk-point.service';

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

  @Put(':id')
  @Requires('risk_register.edit')
  put(
    @CurrentUser() user: AuthUser,
    @Param('id', new ZodValidationPipe(riskPointIdSchema)) id: string,
    @Body(new ZodValidationPipe(riskPointBodySchema)) body: RiskPointBody,
  ): Promise<RiskPoint> {
    return this.points.put(user, id, body);
  }
}
