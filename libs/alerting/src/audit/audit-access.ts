import type { Role } from '@campus/device-protocols';

/** Who reads the audit log: the platform's admins and the education bureaus' officials. */
export const AUDIT_READER_ROLES: readonly Role[] = [
  'county_officer',
  'city_officer',
  'province_officer',
  'admin',
];

/** What one reader may read: everything (admins) or the entries of one org unit and below. */
export type AuditReadScope = { all: true } | { all: false; unit: string };

/**
 * The audit entries a user may read: an admin every entry (those without an org unit included),
 * an official the entries whose org unit lies within their own, anyone else none (null: 403).
 * `unit` is the user's scope unit (ScopePolicyService), null when their org is not in the tree.
 */
export function auditReadScope(role: Role, unit: string | null): AuditReadScope | null {
  if (role === 'admin') return { all: true };
  if (!AUDIT_READER_ROLES.includes(role) || unit === null) return null;
  return { all: false, unit };
}
