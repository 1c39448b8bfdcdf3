import type { OrgLevel, Role } from '@campus/device-protocols';

/** The authenticated user of a request or socket (from a verified token, checked against the sites file). */
export interface AuthUser {
  username: string;
  role: Role;
  /** The org unit code the user works for; they see it and everything below it. */
  org: string;
  level: OrgLevel;
}

/** A verified session: the user and when the token runs out (epoch seconds). */
export interface Session {
  user: AuthUser;
  expiresAt: number;
}
