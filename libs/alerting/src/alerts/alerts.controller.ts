import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Requires } from '../auth/requires.decorator';
import { ZodValidationPipe } from '../api/zod-validation.pipe';
import type { Alert, TimelineItem } from '../domain/alert';
import {
  ackBodySchema,
  alertListQuerySchema,
  resolveBodySchema,
  type AckBody,
  type AlertListQueryParams,
  type ResolveBody,
} from './alert.schemas';
import { AlertService } from './alert.service';

/** CONTRACTS §5 alerts. Outside the user's org: 404, for reads and actions alike. */
@ApiTags('alerts')
@Controller('api/alerts')
export class AlertsController {
  constructor(@Inject(AlertService) private readonly alerts: AlertService) {}

  @Get()
  @Requires('alerts.read')
  async list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(alertListQuerySchema)) query: AlertListQueryParams,
  ): Promise<{ items: Alert[] }> {
    return { items: await this.alerts.list(user, query.status) };
  }

  @Get(':id')
  @Requires('alerts.read')
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<Alert> {
    return this.alerts.get(user, id);
  }

  @Get(':id/timeline')
  @Requires('alerts.read')
  async timeline(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<{ items: TimelineItem[] }> {
    return { items: await this.alerts.timeline(user, id) };
  }

  @Post(':id/ack')
  @HttpCode(200)
  @Requires('alerts.ack')
  ack(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(ackBodySchema)) body: AckBody,
  ): Promise<Alert> {
    return this.alerts.acknowledge(user, id, body.note);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Requires('alerts.resolve')
  resolve(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(resolveBodySchema)) body: ResolveBody,
  ): Promise<Alert> {
    return this.alerts.resolve(user, id, body.disposition, body.note);
  }
}
