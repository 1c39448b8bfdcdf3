import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { OrgCreateBody, OrgPatchBody } from '@campus/api-contract';
import { AUDIT_SINK, type AuditSink } from '../../audit/audit-sink';
import type { AuthUser } from '../../auth/auth-user';
import { roleMay } from '../../auth/role-permissions';
import { ScopePolicyService } from '../../auth/scope-policy.service';
import { REGISTRY_STORE } from '../../di/tokens';
import { actorOf } from '../devices/registry-devices.service';
import { RegistryValidationError, type RegistryStore, type SitesDocument } from '../registry-store';
import { addOrg, locateOrg, patchOrg } from '../transforms/orgs';
import { orgPatchDecision, type UnitStanding } from './org-decisions';

const NOT_FOUND = 'no such org unit in your scope';

/** Adding and editing org units (docs/registry.md): each one `registry.mutate` and one audit entry. */
@Injectable()
export class RegistryOrgsService {
  constructor(
    @Inject(REGISTRY_STORE) private readonly registry: RegistryStore,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {}

  private standing(user: AuthUser, code: string): UnitStanding {
    return { visible: this.scope.isUnitVisible(user, code), own: user.org === code };
  }

  private async mutate(user: AuthUser, reason: string, change: (doc: SitesDocument) => SitesDocument) {
    try {
      return await this.registry.mutate(actorOf(user), reason, change);
    } catch (e) {
      if (e instanceof RegistryValidationError) throw new BadRequestException(`refused: ${e.message}`);
      throw e;
    }
  }

  /** A unit below the caller's: its parent must be in their scope (their own unit or below). */
  async create(user: AuthUser, body: OrgCreateBody): Promise<{ code: string; version: number }> {
    this.scope.assertUnitVisible(user, body.parent, NOT_FOUND);
    const commit = await this.mutate(user, `add ${body.level} ${body.code} ${body.name}`, (d) =>
      addOrg(d, body),
    );
    await this.audit.record({
      action: 'registry.org_add',
      actor: user.username,
      target: `org:${body.code}`,
      org: body.code,
      detail: { level: body.level, name: body.name, parent: body.parent, version: commit.version },
    });
    return { code: body.code, version: commit.version };
  }

  async update(
    user: AuthUser,
    code: string,
    patch: OrgPatchBody,
  ): Promise<{ code: string; version: number }> {
    const fields = Object.keys(patch).filter((k) => patch[k as keyof OrgPatchBody] !== undefined);
    const decision = orgPatchDecision(
      user,
      roleMay(user.role, 'orgs.manage'),
      this.standing(user, code),
      fields,
      patch.county === undefined ? undefined : this.standing(user, patch.county),
    );
    if (decision === 'not_found') throw new NotFoundException(NOT_FOUND);
    if (decision === 'forbidden')
      throw new ForbiddenException(
        user.role === 'school_admin'
          ? 'a school admin changes only its own school’s hours and location'
          : 'your role may not change this unit: units are changed by the administrators of the level above',
      );
    const { document } = await this.registry.read();
    if (document === undefined || locateOrg(document, code) === undefined)
      throw new NotFoundException(NOT_FOUND);
    const commit = await this.mutate(user, `change org ${code}`, (d) => patchOrg(d, code, patch));
    await this.audit.record({
      action: 'registry.org_update',
      actor: user.username,
      target: `org:${code}`,
      org: patch.county ?? code,
      detail: { fields, ...(patch.county ? { county: patch.county } : {}), version: commit.version },
    });
    return { code, version: commit.version };
  }
}
