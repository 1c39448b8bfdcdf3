import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import type { Sites } from '@campus/device-protocols';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Requires } from '../auth/requires.decorator';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { SITES } from '../di/tokens';
import { ALERT_BROADCASTER, type AlertBroadcaster } from '../realtime/alert-broadcaster';
import { schoolPath, testAlert } from './test-sites.fixture';

/**
 * Test-only controller registered through `createAlertingApp({controllers})`, the way the alerts
 * and hazards controllers plug in. Every constructor parameter has `@Inject` (tsx has no metadata).
 */
@Controller('api/test')
export class ProbeController {
  constructor(
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(SITES) private readonly sites: Sites,
    @Inject(ALERT_BROADCASTER) private readonly broadcaster: AlertBroadcaster,
  ) {}

  @Get('boom')
  boom(): never {
    throw new Error('secret internal detail');
  }

  @Get('schools/:code')
  @Requires('alerts.read')
  read(@CurrentUser() user: AuthUser, @Param('code') code: string): { school: string } {
    const path = this.sites.schoolByCode.has(code) ? schoolPath(this.sites, code) : undefined;
    this.scope.assertVisible(user, path, 'school not found');
    return { school: path.school };
  }

  @Post('schools/:code/drill')
  @HttpCode(200)
  @Requires('drill_mode.set')
  drill(@CurrentUser() user: AuthUser, @Param('code') code: string): { drill: string } {
    this.scope.assertUnitVisible(user, code, 'school not found');
    return { drill: code };
  }

  @Post('broadcast/:code')
  @HttpCode(202)
  @Requires('alerts.read')
  broadcast(@Param('code') code: string): { sent: string } {
    this.broadcaster.broadcastAlert(testAlert(this.sites, code, `alert-${code}`));
    return { sent: code };
  }
}
