import { Controller, Get, Inject, NotFoundException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { perSnapshot, type Sites } from '@campus/device-protocols';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { SITES } from '../di/tokens';
import { orgNodesOf, type OrgNode } from './org-nodes';

/**
 * `GET /api/orgs` (docs/alerting.md, "Organisations and devices"): the org tree rooted at the user's org (a school user's root is the
 * school, a province user's the province). Every signed-in user may read it: it is the shell's
 * navigation and shows only their own unit and what lies below it.
 */
@ApiTags('orgs')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'missing, bad or expired token' })
@Controller('api/orgs')
export class OrgsController {
  /** Rebuilt once per registry snapshot (docs/registry.md). */
  private readonly nodesOf = perSnapshot(orgNodesOf);

  constructor(@Inject(SITES) private readonly sites: Sites) {}

  private get nodes(): ReadonlyMap<string, OrgNode> {
    return this.nodesOf(this.sites);
  }

  @Get()
  @ApiOkResponse({ description: '{ root: OrgNode }, OrgNode = { code, name, level, children: OrgNode[] }' })
  tree(@CurrentUser() user: AuthUser): { root: OrgNode } {
    const root = this.nodes.get(user.org);
    // a user whose org left the sites file sees nothing (like ScopePolicyService's null scope)
    if (root === undefined) throw new NotFoundException(`org ${user.org} is not in the sites file`);
    return { root };
  }
}
