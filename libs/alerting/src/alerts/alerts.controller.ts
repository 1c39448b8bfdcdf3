import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Sites } from '@campus/device-protocols';
import { ClientIp } from '../audit/client-ip';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Requires } from '../auth/requires.decorator';
import { SITES } from '../di/tokens';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import type { Alert, TimelineItem } from '../domain/alert';
import { SiteDirectory } from '../devices/site-directory';
import {
  ackBodySchema,
  alertListQuerySchema,
  resolveBodySchema,
  type AckBody,
  type AlertListQueryParams,
  type ResolveBody,
} from './alert.schemas';
import { AlertService } from './alert.service';
import { alertView, type AlertView } from './alert-view';

/**
 * docs/alerting.md alerts. Outside the user's org: 404, for reads and actions alike. Every Alert
 * answered carries the sites-file fields of AlertView (docs/alerting.md, "HTTP API").
 */
@ApiTags('alerts')
@Controller('api/alerts')
export class AlertsController {
  constructor(
    @Inject(AlertService) private readonly alerts: AlertService,
    @Inject(SITES) private readonly sites: Sites,
  ) {}

  private get directory(): SiteDirectory {
    return SiteDirectory.of(this.sites);
  }

  @Get()
  @Requires('alerts.read')
  async list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(alertListQuerySchema)) query: AlertListQueryParams,
  ): Promise<{ items: AlertView[] }> {
    return { items: (await this.alerts.list(user, query.status)).map((a) => this.view(a)) };
  }

  @Get(':id')
  @Requires('alerts.read')
  async get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<AlertView> {
    return this.view(await this.alerts.get(user, id));
  }

  @Get(':id/timeline')
  @Requires('alerts.read')
  async timeline(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<{ items: TimelineItem[] }> {
    return { items: await this.alerts.timeline(user, id) };
  }

  @Post(':id/ack')
  @HttpCode(200)
  @Requires('alerts.ack')
  async ack(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(ackBodySchema)) body: AckBody,
    @ClientIp() ip: string | null,
  ): Promise<AlertView> {
    return this.view(await this.alerts.acknowledge(user, id, body.note, ip));
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Requires('alerts.resolve')
  async resolve(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(resolveBodySchema)) body: ResolveBody,
    @ClientIp() ip: string | null,
  ): Promise<AlertView> {
    return this.view(await this.alerts.resolve(user, id, body.disposition, body.note, ip));
  }

  private view(alert: Alert): AlertView {
    return alertView(alert, this.directory);
  }
}
