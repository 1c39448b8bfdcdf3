import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Requires } from '../auth/requires.decorator';
import { ZodValidationPipe } from '../api/zod-validation.pipe';
import type { Drill } from '../domain/drill';
import { drillBodySchema, drillListQuerySchema, type DrillBody, type DrillListQuery } from './drill.schemas';
import { DrillService } from './drill.service';

/** 应急演练 (drill mode) over HTTP. Reading needs only a login (alerts.read); setting, drill_mode.set. */
@ApiTags('drills')
@Controller('api/drills')
export class DrillsController {
  constructor(@Inject(DrillService) private readonly drills: DrillService) {}

  @Post()
  @Requires('drill_mode.set')
  create(
    @CurrentUser() user: AuthUser,
    @Body(new ZodValidationPipe(drillBodySchema)) body: DrillBody,
  ): Promise<Drill> {
    return this.drills.create(user, body);
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
