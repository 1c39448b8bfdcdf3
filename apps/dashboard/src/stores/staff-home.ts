import { user } from '../api/http';

/**
 * Teachers and staff (`school_staff`) read neither alerts nor hazards: they report hazards and
 * follow their own reports (docs/user-guide.md "隐患随手拍"), on one page. Kept apart from
 * router.ts: importing the router creates its history, which must not happen before the single
 * sign-on return (api/sso.ts) has wiped the one-time code from the address bar.
 */
export const STAFF_HOME = '/report';
export const isReporterOnly = (): boolean => user.value?.role === 'school_staff';

/** Officials above one school (bureaus, the province's administrators) land on the overview (态势). */
export const OVERVIEW_HOME = '/overview';
const OFFICIAL_ROLES: readonly string[] = ['county_officer', 'city_officer', 'province_officer', 'admin'];
export const isOfficial = (): boolean => OFFICIAL_ROLES.includes(user.value?.role ?? '');

/** Where `/` leads: the reporting page, the overview, or (school staff, and before signing in) the console. */
export function homePath(): string {
  if (isReporterOnly()) return STAFF_HOME;
  return isOfficial() ? OVERVIEW_HOME : '/console';
}
