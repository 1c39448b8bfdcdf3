import { ROLE_LEVEL, ROLES, type OrgLevel, type Role } from '@campus/device-protocols';

/** Why a signed-in identity gets no platform session; also the code the dashboard shows. */
export type ClaimRefusal = 'sso_missing_username' | 'sso_unknown_user' | 'sso_bad_role' | 'sso_bad_org';

/** The platform user an identity maps to. `external`: from the role/org claims, not a sites-file user. */
export interface MappedIdentity {
  username: string;
  role: Role;
  org: string;
  external: boolean;
}

export type ClaimMapping =
  { ok: true; identity: MappedIdentity } | { ok: false; reason: ClaimRefusal; username?: string };

export interface ClaimMappingRules {
  usernameClaim: string;
  roleClaim?: string;
  orgClaim?: string;
}

/** What the mapping needs to know of the sites file. */
export interface MappingDirectory {
  /** The sites-file user of this name, if any. */
  user(username: string): { username: string; role: Role; org: string } | undefined;
  /** The level of the org unit with this code; undefined for a code the sites file does not declare. */
  levelOf(org: string): OrgLevel | undefined;
}

/** Roles the provider's claims cannot grant: an administrator must be listed in the sites file. */
export const ROLES_NOT_FROM_CLAIMS: readonly Role[] = ['admin'];

const MAX_USERNAME = 200;

function stringClaim(claims: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Maps the provider's claims (ID token and userinfo) to a platform user:
 * 1. the `usernameClaim` value names a sites-file user → that user, with the file's role and org;
 * 2. else, when role and org claims are configured: a role the platform knows (not `admin`) and
 *    an org unit of the sites file at that role's level (a county officer's org is a county) →
 *    a user known only to the provider;
 * 3. anything else is refused with the reason (`sso_unknown_user` when neither claim is there).
 */
export function mapClaims(
  claims: Readonly<Record<string, unknown>>,
  rules: ClaimMappingRules,
  directory: MappingDirectory,
): ClaimMapping {
  const username = stringClaim(claims, rules.usernameClaim);
  if (username === undefined || username.length > MAX_USERNAME)
    return { ok: false, reason: 'sso_missing_username' };
  const known = directory.user(username);
  if (known !== undefined) {
    return {
      ok: true,
      identity: { username: known.username, role: known.role, org: known.org, external: false },
    };
  }
  if (rules.roleClaim === undefined || rules.orgClaim === undefined) {
    return { ok: false, reason: 'sso_unknown_user', username };
  }
  const role = stringClaim(claims, rules.roleClaim);
  const org = stringClaim(claims, rules.orgClaim);
  // neither claim: the provider knows this person, but nothing makes them a user of the platform
  if (role === undefined && org === undefined) return { ok: false, reason: 'sso_unknown_user', username };
  if (
    role === undefined ||
    !(ROLES as readonly string[]).includes(role) ||
    ROLES_NOT_FROM_CLAIMS.includes(role as Role)
  ) {
    return { ok: false, reason: 'sso_bad_role', username };
  }
  if (org === undefined || directory.levelOf(org) !== ROLE_LEVEL[role as Role]) {
    return { ok: false, reason: 'sso_bad_org', username };
  }
  return { ok: true, identity: { username, role: role as Role, org, external: true } };
}
