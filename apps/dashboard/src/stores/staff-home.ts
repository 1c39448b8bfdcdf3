import { user } from '../api/http';

/**
 * Teachers and staff (`school_staff`) read neither alerts nor hazards: they report hazards and
 * follow their own reports (docs/user-guide.md "隐患随手拍"), on one page. Kept apart from
 * router.ts: importing the router creates its history, which must not happen before the single
 * sign-on return (api/sso.ts) has wiped the one-time code from the address bar.
 */
export const STAFF_HOME = '/report';
export const isReporterOnly = (): boolean => user.value?.role === 'school_staff';
