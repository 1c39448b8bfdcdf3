import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ClientIp } from '../audit/client-ip';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Requires } from '../auth/requires.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import type { Hazard, HazardEvent } from '../domain/hazard';
import {
  hazardListQuerySchema,
  hazardTransitionBodySchema,
  type HazardListQueryParams,
  type HazardTransitionBody,
} from './hazard.schemas';
import { HazardService } from './hazard.service';

/** 隐患排查治理 over HTTP. The workflow step decides the permission beyond `hazards.read`. */
@ApiTags('hazards')
@Controller('api/hazards')
@Requires('hazards.read')
export class HazardsController {
  constructor(@Inject(HazardService) private readonly hazards: HazardService) {}

  @Get()
  async list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(hazardListQuerySchema)) query: HazardListQueryParams,
  ): Promise<{ items: Hazard[] }> {
    return { items: await this.hazards.list(user, query) };
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<Hazard> {
    return this.hazards.get(user, id);
  }

  @Get(':id/events')
  async events(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<{ items: HazardEvent[] }> {
    return { items: await this.hazards.events(user, id) };
  }

  @Post(':id/transition')
  @HttpCode(200)
  transition(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(hazardTransitionBodySchema)) body: HazardTransitionBody,
    @ClientIp() ip: string | null,
  ): Promise<Hazard> {
    return this.hazards.transition(user, id, body, ip);
  }
}
