/** Permissions the screens check before offering an action (the server decides in the end). */
export type Permission =
  | 'hazards.manage'
  | 'hazards.accept'
  | 'inspections.start'
  | 'risk_register.edit'
  | 'drill_mode.set'
  | 'supervision.urge';

/** The role table of libs/alerting (role-permissions.ts), for sessions whose login had no list. */
const BY_ROLE: Record<Permission, readonly string[]> = {
  'hazards.manage': ['school_security', 'school_admin', 'admin'],
  'hazards.accept': ['school_admin', 'county_officer', 'city_officer', 'province_officer', 'admin'],
  'inspections.start': ['county_officer', 'city_officer', 'province_officer', 'admin'],
  'risk_register.edit': ['school_admin', 'admin'],
  'drill_mode.set': ['school_admin', 'admin'],
  'supervision.urge': ['county_officer', 'city_officer', 'province_officer', 'admin'],
};

export interface SessionUser {
  username: string;
  role: string;
  permissions?: readonly string[];
}

/**
 * Whether the user may: the login answer's permission list when the session has one (every role
 * holds some permission, so an empty list means "not given"), else the role's table.
 */
export function userMay(user: SessionUser | null, permission: Permission): boolean {
  if (user === null) return false;
  if (user.permissions && user.permissions.length > 0) return user.permissions.includes(permission);
  return BY_ROLE[permission].includes(user.role);
}
