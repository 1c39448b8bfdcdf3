import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROLE_LEVEL, type SiteUser, type Sites } from '@campus/device-protocols';
import type { AuthUser, Session } from './auth-user';
import type { LoginAnswer } from './login.schema';
import type { OrgTree } from './org-tree';
import { PasswordCheck } from './password-check';
import { permissionsOf } from './role-permissions';
import type { TokenService } from './token-service';
import { LOGGER, ORG_TREE, SITES, TOKEN_SERVICE } from './tokens';

/** Logins against the sites file's users, and tokens back to users. */
@Injectable()
export class AuthService {
  private readonly passwords: PasswordCheck;
  private readonly users: ReadonlyMap<string, SiteUser>;

  constructor(
    @Inject(SITES) sites: Sites,
    @Inject(TOKEN_SERVICE) private readonly tokens: TokenService,
    @Inject(ORG_TREE) private readonly tree: OrgTree,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.passwords = new PasswordCheck(sites.users);
    this.users = new Map(sites.users.map((u) => [u.username, u]));
  }

  /**
   * A token for the right username and password; null otherwise (whichever was wrong). Rejects with
   * `CredentialCheckBusyError` when too many password checks already wait.
   */
  async login(username: string, password: string): Promise<LoginAnswer | null> {
    const user = await this.passwords.check(username, password);
    if (user === null) {
      // Only a known name is logged: people type their password into the username field.
      this.logger.info(this.users.has(username) ? { username } : { unknownUser: true }, 'login refused');
      return null;
    }
    const { token, expiresAt } = await this.tokens.sign(user);
    return {
      accessToken: token,
      user: { username: user.username, role: user.role, org: user.org },
      expiresAt: new Date(expiresAt * 1000).toISOString(),
      permissions: permissionsOf(user.role),
    };
  }

  /**
   * The session of a valid token whose user still exists in the sites file with the same role and
   * org (a token outlives a sites-file change only if nothing about the user changed); else null.
   */
  async authenticate(token: string): Promise<Session | null> {
    const claims = await this.tokens.verify(token);
    if (claims === null) return null;
    const user = this.users.get(claims.username);
    if (user === undefined || user.role !== claims.role || user.org !== claims.org) return null;
    const unit = this.tree.unit(user.org);
    if (unit === undefined || unit.level !== ROLE_LEVEL[user.role]) return null;
    const authUser: AuthUser = { username: user.username, role: user.role, org: user.org, level: unit.level };
    return { user: authUser, expiresAt: claims.expiresAt };
  }
}
