import { randomBytes } from 'node:crypto';
import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { CreatedUser, RegistryUser, UserCreateBody, UserPatchBody } from '@campus/api-contract';
import type { Role } from '@campus/device-protocols';
import { AUDIT_SINK, type AuditSink } from '../../audit/audit-sink';
import type { AuthUser } from '../../auth/auth-user';
import { passwordProblem } from '../../auth/password-policy';
import { ScopePolicyService } from '../../auth/scope-policy.service';
import { REGISTRY_STORE } from '../../di/tokens';
import { actorOf } from '../devices/registry-devices.service';
import { RegistryValidationError, type RegistryStore, type SitesDocument } from '../registry-store';
import { addUser, findUser, listUsers, mayGiveRole, patchUser } from '../transforms/users';

const NOT_FOUND = 'no such user or org unit in your scope';

/**
 * Users (docs/registry.md): created with an initial password (given, or generated and shown once),
 * edited within the caller's scope, never given a role above the caller's. Passwords are hashed by
 * the registry on the way in; a user changes theirs with POST /api/auth/password.
 */
@Injectable()
export class RegistryUsersService {
  constructor(
    @Inject(REGISTRY_STORE) private readonly registry: RegistryStore,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {}

  private async document(): Promise<SitesDocument> {
    const { document } = await this.registry.read();
    if (document === undefined)
      throw new NotFoundException('the registry is empty: seed it from a sites file first');
    return document;
  }

  private async mutate(user: AuthUser, reason: string, change: (doc: SitesDocument) => SitesDocument) {
    try {
      return await this.registry.mutate(actorOf(user), reason, change);
    } catch (e) {
      if (e instanceof RegistryValidationError) throw new BadRequestException(`refused: ${e.message}`);
      throw e;
    }
  }

  private assertMayGive(actor: AuthUser, role: string): void {
    if (!mayGiveRole(actor.role, role as Role))
      throw new ForbiddenException(`a ${actor.role} may not give the role ${role}: never above one's own`);
  }

  async list(user: AuthUser, org: string | undefined): Promise<RegistryUser[]> {
    const unit = org ?? user.org;
    this.scope.assertUnitVisible(user, unit, NOT_FOUND);
    const inUnit = this.scope.scopeOf({ ...user, org: unit });
    return listUsers(await this.document()).filter((u) => inUnit?.containsUnit(u.org) ?? false);
  }

  async create(actor: AuthUser, body: UserCreateBody): Promise<CreatedUser> {
    this.scope.assertUnitVisible(actor, body.org, NOT_FOUND);
    this.assertMayGive(actor, body.role);
    const generated = body.password === undefined ? randomBytes(12).toString('base64url') : null;
    const password = body.password ?? (generated as string);
    const problem = passwordProblem(password, body.username);
    if (problem !== undefined) throw new BadRequestException(`refused: password: ${problem}`);
    const commit = await this.mutate(actor, `add user ${body.username}`, (d) =>
      addUser(d, { ...body, password }),
    );
    await this.audit.record({
      action: 'registry.user_add',
      actor: actor.username,
      target: `user:${body.username}`,
      org: body.org,
      detail: { role: body.role, version: commit.version },
    });
    const user = findUser(await this.document(), body.username);
    if (user === undefined) throw new Error(`user ${body.username} was not written`);
    return { user, initialPassword: generated };
  }

  async update(actor: AuthUser, username: string, patch: UserPatchBody): Promise<RegistryUser> {
    const current = findUser(await this.document(), username);
    if (current === undefined || !this.scope.isUnitVisible(actor, current.org))
      throw new NotFoundException(NOT_FOUND);
    if (username === actor.username && (patch.role !== undefined || patch.org !== undefined))
      throw new ForbiddenException('your own role and org are changed by an administrator above you');
    this.assertMayGive(actor, current.role);
    if (patch.role !== undefined) this.assertMayGive(actor, patch.role);
    if (patch.org !== undefined) this.scope.assertUnitVisible(actor, patch.org, NOT_FOUND);
    const commit = await this.mutate(actor, `change user ${username}`, (d) => patchUser(d, username, patch));
    await this.audit.record({
      action: 'registry.user_update',
      actor: actor.username,
      target: `user:${username}`,
      org: patch.org ?? current.org,
      detail: {
        fields: Object.keys(patch),
        ...(patch.role ? { role: patch.role } : {}),
        version: commit.version,
      },
    });
    return findUser(await this.document(), username) ?? current;
  }
}
