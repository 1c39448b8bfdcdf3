import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ClientIp } from '../audit/client-ip';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Requires } from '../auth/requires.decorator';
import type { AlertAction, LinkageAnswer } from '../domain/action';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { runActionBodySchema, type RunActionBody } from './linkage.schemas';
import { LinkageService } from './linkage.service';

/**
 * docs/alerting.md "Linkage": an alert's commands to devices. Reading them is everyone's who reads
 * the alert; running or confirming one is `alerts.act` (school security, school admin, admin), in
 * scope, audited. Outside the user's org: 404.
 */
@ApiTags('alerts')
@Controller('api/alerts/:id/actions')
export class LinkageController {
  constructor(@Inject(LinkageService) private readonly linkage: LinkageService) {}

  @Get()
  @Requires('alerts.read')
  list(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<LinkageAnswer> {
    return this.linkage.list(user, id);
  }

  @Post()
  @HttpCode(201)
  @Requires('alerts.act')
  run(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(runActionBodySchema)) body: RunActionBody,
    @ClientIp() ip: string | null,
  ): Promise<AlertAction> {
    return this.linkage.run(user, id, body, ip);
  }

  @Post(':actionId/confirm')
  @HttpCode(200)
  @Requires('alerts.act')
  confirm(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('actionId') actionId: string,
    @ClientIp() ip: string | null,
  ): Promise<AlertAction> {
    return this.linkage.confirm(user, id, actionId, ip);
  }
}
