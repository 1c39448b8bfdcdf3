import type { OrgLevel } from './common';

/** The roles of the sites file's users (docs/alerting.md, "Users, roles and scope"). */
export type Role =
  | 'school_staff'
  | 'school_security'
  | 'school_admin'
  | 'county_officer'
  | 'city_officer'
  | 'province_officer'
  | 'admin';

/** The user of a session, as the login answer names it. */
export interface SessionUser {
  username: string;
  /** The person's name from the sites file; screens show it, the login only when it is missing. */
  name?: string;
  role: Role;
  /** The org unit code the user works for; they see it and everything below it. */
  org: string;
}

/** `POST /api/auth/login` (and `/api/auth/refresh`, `/api/auth/oidc/exchange`): the session. */
export interface LoginAnswer {
  /** JWT, valid 15 minutes; sent as `Authorization: Bearer …` and as socket.io's `auth.token`. */
  accessToken: string;
  user: SessionUser;
  /** When the access token runs out (ISO 8601). */
  expiresAt: string;
  /** What the role may do (`alerts.read`, `hazards.manage` …). */
  permissions: string[];
  /** For `POST /api/auth/refresh`, good until `refreshExpiresAt` or the next logout. */
  refreshToken: string;
  refreshExpiresAt: string;
}

/** `GET /api/auth/me`: who the token belongs to, and what the role may do. */
export interface Me extends SessionUser {
  level: OrgLevel;
  permissions: string[];
}

export interface LoginBody {
  username: string;
  password: string;
}

export interface RefreshBody {
  refreshToken: string;
}

/** `POST /api/auth/oidc/exchange`: the one-time code of `/login/callback#code=…`. */
export interface SsoExchangeBody {
  code: string;
}

export interface ChangePasswordBody {
  currentPassword: string;
  newPassword: string;
}

/** `POST /api/users/{username}/password`: an administrator sets another user's password. */
export interface ResetPasswordBody {
  newPassword: string;
}

/** `GET /api/users/names`: every user's name for screens (login → name); users without a name are left out. */
export interface UserNames {
  items: { username: string; name: string }[];
}

/** `GET /api/auth/oidc`: whether the login page offers single sign-on (统一身份认证), and its label. */
export interface SsoStatus {
  enabled: boolean;
  displayName?: string;
}
