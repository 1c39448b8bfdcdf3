import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  Optional,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { perSnapshot, ROLE_LEVEL, type Sites, type SiteUser } from '@campus/device-protocols';
import { AUDIT_SINK, type AuditRecord, type AuditSink } from '../audit/audit-sink';
import type { AccountStore } from './account-store';
import type { AuthUser, Session } from './auth-user';
import type { LoginAnswer } from './login.schema';
import type { LoginThrottle, LoginTicket, ThrottleReason } from './login-throttle';
import type { OrgTree } from './org-tree';
import { PasswordCheck } from './password-check';
import { hashPassword } from './password-hash';
import { passwordProblem } from './password-policy';
import { permissionsOf } from './role-permissions';
import { ScopePolicyService } from './scope-policy.service';
import type { TokenService } from './token-service';
import { TokenVersions } from './token-versions';
import { ACCOUNT_STORE, LOGIN_THROTTLE, ORG_TREE, TOKEN_SERVICE } from './tokens';
import { LOGGER, SITES } from '../di/tokens';

/** Too many attempts: answer 429 with `Retry-After: retryAfterSeconds`, without checking anything. */
export class LoginThrottledError extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    readonly reason: ThrottleReason,
  ) {
    super(`too many login attempts; try again in ${retryAfterSeconds} s`);
    this.name = 'LoginThrottledError';
  }
}

/**
 * Logins against the sites file's users (or the password set through the API, which replaces the
 * file's), tokens back to users, and the account operations (password change and reset, logout,
 * refresh). Every login outcome passes through exactly one of the `login…` hook methods below.
 */
@Injectable()
export class AuthService {
  /** The registry's users and their password check, rebuilt once per registry snapshot. */
  private readonly usersOf = perSnapshot((sites) => ({
    passwords: new PasswordCheck(sites.users),
    users: new Map(sites.users.map((u) => [u.username, u])) as ReadonlyMap<string, SiteUser>,
  }));
  private readonly versions: TokenVersions;

  constructor(
    @Inject(SITES) private readonly sites: Sites,
    @Inject(TOKEN_SERVICE) private readonly tokens: TokenService,
    @Inject(ORG_TREE) private readonly tree: OrgTree,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ACCOUNT_STORE) private readonly accounts: AccountStore,
    @Inject(LOGIN_THROTTLE) private readonly throttle: LoginThrottle,
    @Inject(ScopePolicyService) private readonly scopes: ScopePolicyService,
    // Optional: a bare test app runs AuthModule without the AuditModule.
    @Optional() @Inject(AUDIT_SINK) private readonly audit?: AuditSink,
  ) {
    this.versions = new TokenVersions(accounts);
  }

  private get passwords(): PasswordCheck {
    return this.usersOf(this.sites).passwords;
  }

  private get users(): ReadonlyMap<string, SiteUser> {
    return this.usersOf(this.sites).users;
  }

  /**
   * Tokens for the right username and password; null otherwise (whichever was wrong). Throws
   * `LoginThrottledError` when the account or the client address is over its limit (no password
   * is checked then), and `CredentialCheckBusyError` when too many password checks already wait.
   * `client`: the client's address (`clientAddress`).
   */
  async login(username: string, password: string, client: string): Promise<LoginAnswer | null> {
    const ticket = this.admit(username, client);
    const checked = await this.checkPassword(username, password).catch((err: unknown) => {
      this.throttle.abandoned(ticket);
      throw err;
    });
    if (checked === null) {
      this.failed(ticket);
      return null;
    }
    this.throttle.succeeded(ticket);
    this.loginSucceeded(checked.user, client);
    return this.answer(checked.user, checked.version);
  }

  /**
   * Seconds `client` must wait before its next login attempt (0: it may try now), by the address
   * limit alone: lets the HTTP layer refuse a flood from one address before any further work.
   */
  addressWait(client: string): number {
    const wait = this.throttle.addressWait(client);
    if (wait > 0) this.loginThrottled(undefined, client, 'address', wait);
    return wait;
  }

  /** A new access token for a valid refresh token whose user and token version are still current; else null. */
  async refresh(refreshToken: string): Promise<LoginAnswer | null> {
    const claims = await this.tokens.verifyRefresh(refreshToken);
    if (claims === null) return null;
    // a user outside the sites file, signed in through single sign-on (auth/oidc): the token's role and org
    const external = this.users.has(claims.username) ? undefined : claims.external;
    const user = this.users.get(claims.username) ?? (external && { username: claims.username, ...external });
    if (user === undefined || this.levelOf(user) === undefined) return null;
    // straight from the database: a logout on another replica a moment ago must count
    const version = await this.versions.current(user.username);
    if (claims.version !== version) return null;
    return this.answer(
      user,
      version,
      { token: refreshToken, expiresAt: claims.expiresAt },
      external !== undefined,
    );
  }

  /**
   * Tokens for a user whom single sign-on vouched for (auth/oidc): the same answer as a password
   * login, at the user's current token version. `external`: a user outside the sites file, with
   * the role and org the identity provider's claims gave (checked against the org tree).
   */
  async loginVerified(
    user: Pick<SiteUser, 'username' | 'role' | 'org'>,
    external: boolean,
  ): Promise<LoginAnswer> {
    const version = await this.versions.current(user.username);
    return this.answer(user, version, undefined, external);
  }

  /** Ends every session of the user: all their access and refresh tokens are refused from now on. */
  async logout(user: AuthUser, client?: string): Promise<void> {
    const version = await this.accounts.bumpTokenVersion(user.username, new Date().toISOString());
    this.versions.set(user.username, version);
    this.logger.info({ username: user.username }, 'logged out: every token of the user revoked');
    await this.record({
      action: 'auth.logout',
      actor: user.username,
      target: `user:${user.username}`,
      ip: client ?? null,
      org: user.org,
    });
  }

  /**
   * The signed-in user sets a new password, proving the current one. 400 when the new one breaks
   * the policy, 403 when the current one is wrong (counted like a failed login), 429 (throws
   * `LoginThrottledError`) when the account or address is over its limit. Every token of the
   * user is revoked, this one included: sign in again with the new password.
   */
  async changePassword(
    user: AuthUser,
    currentPassword: string,
    newPassword: string,
    client: string,
  ): Promise<void> {
    const problem = passwordProblem(newPassword, user.username);
    if (problem !== undefined) throw new BadRequestException(problem);
    if (newPassword === currentPassword) {
      throw new BadRequestException('the new password is the current one: choose another');
    }
    const ticket = this.admit(user.username, client);
    const checked = await this.checkPassword(user.username, currentPassword).catch((err: unknown) => {
      this.throttle.abandoned(ticket);
      throw err;
    });
    if (checked === null) {
      this.failed(ticket);
      throw new ForbiddenException('the current password is wrong');
    }
    this.throttle.succeeded(ticket);
    await this.storePassword(user.username, newPassword, user.username);
    this.logger.info({ username: user.username }, 'password changed by the user; every token revoked');
    await this.record({
      action: 'auth.password_change',
      actor: user.username,
      target: `user:${user.username}`,
      ip: client,
      org: user.org,
    });
  }

  /**
   * An administrator sets another user's password (the user forgot it, or the account must be
   * taken back). 404 for a user outside the administrator's scope (as for one that does not
   * exist), 400 for the administrator's own account (change it with the current password) or a
   * password against the policy. Revokes the user's tokens and lifts a lockout on this replica.
   */
  async resetPassword(
    admin: AuthUser,
    username: string,
    newPassword: string,
    client?: string,
  ): Promise<void> {
    const target = this.users.get(username);
    if (target === undefined || !this.scopes.isUnitVisible(admin, target.org)) {
      throw new NotFoundException(`no user ${username} in your scope`);
    }
    if (target.username === admin.username) {
      throw new BadRequestException(
        'to change your own password use POST /api/auth/password, which asks for the current one',
      );
    }
    const problem = passwordProblem(newPassword, target.username);
    if (problem !== undefined) throw new BadRequestException(problem);
    await this.storePassword(target.username, newPassword, admin.username);
    this.throttle.unlock(target.username);
    this.logger.info(
      { username: target.username, by: admin.username },
      'password reset by an administrator; every token of the user revoked',
    );
    await this.record({
      action: 'auth.password_reset',
      actor: admin.username,
      target: `user:${target.username}`,
      ip: client ?? null,
      org: target.org,
    });
  }

  /**
   * The session of a valid access token whose user still exists in the sites file with the same
   * role and org (a token outlives a sites-file change only if nothing about the user changed) and
   * whose token version is still the user's (TokenVersions: at most 5 s behind another replica's
   * logout or password change); else null.
   */
  async authenticate(token: string): Promise<Session | null> {
    const claims = await this.tokens.verify(token);
    if (claims === null) return null;
    const user =
      this.users.get(claims.username) ??
      (claims.external ? { username: claims.username, role: claims.role, org: claims.org } : undefined);
    if (user === undefined || user.role !== claims.role || user.org !== claims.org) return null;
    const level = this.levelOf(user);
    if (level === undefined) return null;
    if (!(await this.versions.isCurrent(user.username, claims.version))) return null;
    const authUser: AuthUser = { username: user.username, role: user.role, org: user.org, level };
    return { user: authUser, expiresAt: claims.expiresAt };
  }

  // ---- where each login outcome happens (one line each for an audit log) ----

  private loginSucceeded(user: SiteUser, client: string): void {
    this.logger.info({ username: user.username, client }, 'login succeeded');
    void this.record({
      action: 'auth.login',
      actor: user.username,
      target: `user:${user.username}`,
      ip: client,
      org: user.org,
    });
  }

  private loginFailed(username: string, client: string): void {
    // Only a known name is logged: people type their password into the username field.
    this.logger.info(
      this.users.has(username) ? { username, client } : { unknownUser: true, client },
      'login refused',
    );
    void this.record({
      action: 'auth.login_failed',
      ...this.attempted(username),
      ip: client,
      outcome: 'failed',
    });
  }

  private loginLockedOut(username: string, client: string, lockedForSeconds: number): void {
    this.logger.warn(
      {
        ...(this.users.has(username) ? { username } : { unknownUser: true }),
        client,
        lockedForSeconds,
      },
      'account locked after repeated failed logins',
    );
    void this.record({
      action: 'auth.lockout',
      ...this.attempted(username),
      ip: client,
      outcome: 'failed',
      detail: { lockedForSeconds },
    });
  }

  /** Who a failed attempt names: a real user and their unit; an unknown name is not stored (it may be a password). */
  private attempted(username: string): { actor: string; target: string | null; org: string | null } {
    const user = this.users.get(username);
    return user
      ? { actor: user.username, target: `user:${user.username}`, org: user.org }
      : { actor: '(unknown)', target: null, org: null };
  }

  /** The audit trail (docs/security.md, "Audit log"); never rejects. */
  private async record(entry: AuditRecord): Promise<void> {
    await this.audit?.record(entry);
  }

  /** `username` undefined: refused by the address limit before the body was looked at. */
  private loginThrottled(
    username: string | undefined,
    client: string,
    reason: ThrottleReason,
    retryAfterSeconds: number,
  ): void {
    const who = username === undefined ? {} : this.users.has(username) ? { username } : { unknownUser: true };
    this.logger.debug({ ...who, client, reason, retryAfterSeconds }, 'login throttled');
  }

  // ---- internals ----

  private admit(username: string, client: string): LoginTicket {
    const admission = this.throttle.admit(username, client);
    if (!admission.admitted) {
      this.loginThrottled(username, client, admission.reason, admission.retryAfterSeconds);
      throw new LoginThrottledError(admission.retryAfterSeconds, admission.reason);
    }
    return admission.ticket;
  }

  private failed(ticket: LoginTicket): void {
    const outcome = this.throttle.failed(ticket);
    this.loginFailed(ticket.account, ticket.address);
    if (outcome.lockedForSeconds !== undefined)
      this.loginLockedOut(ticket.account, ticket.address, outcome.lockedForSeconds);
  }

  /**
   * The user and their token version when `password` is theirs: the one set through the API if
   * any, else the sites file's. Unknown names cost no database query.
   */
  private async checkPassword(
    username: string,
    password: string,
  ): Promise<{ user: SiteUser; version: number } | null> {
    const account = this.users.has(username) ? await this.accounts.get(username) : undefined;
    const stored = account?.passwordHash ? { secretHash: account.passwordHash } : undefined;
    const user = await this.passwords.check(username, password, stored);
    if (user === null) return null;
    const version = account?.tokenVersion ?? 0;
    this.versions.set(username, version);
    return { user, version };
  }

  private async storePassword(username: string, password: string, by: string): Promise<void> {
    const hash = await hashPassword(password);
    const version = await this.accounts.setPassword(username, hash, by, new Date().toISOString());
    this.versions.set(username, version);
  }

  /** Every user's name (login → name), for screens; users without a name are left out. */
  names(): { username: string; name: string }[] {
    return [...this.users.values()].flatMap((u) => (u.name ? [{ username: u.username, name: u.name }] : []));
  }

  /** The name of `username`, if the sites file gives one. */
  nameOf(username: string): string | undefined {
    return this.users.get(username)?.name;
  }

  private levelOf(user: Pick<SiteUser, 'role' | 'org'>): AuthUser['level'] | undefined {
    const unit = this.tree.unit(user.org);
    return unit === undefined || unit.level !== ROLE_LEVEL[user.role] ? undefined : unit.level;
  }

  private async answer(
    user: Pick<SiteUser, 'username' | 'role' | 'org'>,
    version: number,
    refresh?: { token: string; expiresAt: number },
    external = false,
  ): Promise<LoginAnswer> {
    const ext = external ? { role: user.role, org: user.org } : undefined;
    const session = refresh ?? (await this.tokens.signRefresh(user.username, version, ext));
    const access = await this.tokens.sign(
      { username: user.username, role: user.role, org: user.org, version, external },
      session.expiresAt,
    );
    return {
      accessToken: access.token,
      user: {
        username: user.username,
        role: user.role,
        org: user.org,
        ...(this.users.get(user.username)?.name ? { name: this.users.get(user.username)?.name } : {}),
      },
      expiresAt: new Date(access.expiresAt * 1000).toISOString(),
      permissions: permissionsOf(user.role),
      refreshToken: session.token,
      refreshExpiresAt: new Date(session.expiresAt * 1000).toISOString(),
    };
  }
}
