import { Inject, Injectable } from '@nestjs/common';
import { orgContains, type Sites } from '@campus/device-protocols';
import type { AuthUser } from '../auth/auth-user';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { SITES } from '../di/tokens';
import { DeviceStateRepository } from '../db/device-state-repository';
import type { DeviceListQueryParams } from './device.schemas';
import { compareDevices, deviceView, hasStatus, type DeviceView } from './device-view';
import { SiteDirectory } from './site-directory';

/** The devices of an org unit with their live state (docs/alerting.md, "Organisations and devices"), within the user's scope. */
@Injectable()
export class DevicesService {
  constructor(
    @Inject(SITES) private readonly sites: Sites,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(DeviceStateRepository) private readonly states: DeviceStateRepository,
  ) {}

  private get directory(): SiteDirectory {
    return SiteDirectory.of(this.sites);
  }

  /**
   * Every sites-file device of `query.org` (default the user's org), bridges included, joined with
   * its stored state; 404 when the org is outside the user's scope or unknown (alike).
   */
  async list(user: AuthUser, query: DeviceListQueryParams): Promise<DeviceView[]> {
    const org = query.org ?? user.org;
    this.scope.assertUnitVisible(user, org, 'org not found');
    const stored = new Map((await this.states.listByOrg(org)).map((s) => [s.device, s]));
    return this.sites.devices
      .filter((d) => orgContains(org, d.org))
      .map((d) =>
        deviceView(d, stored.get(d.id), this.directory, d.via ? stored.get(d.via.bridge) : undefined),
      )
      .filter((d) => query.status === undefined || hasStatus(d, query.status))
      .sort(compareDevices);
  }
}
