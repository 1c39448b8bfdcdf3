import { ROLES, type Role } from '@campus/device-protocols';

/** Everything an endpoint may require with `@Requires(...)`. Org scope is checked separately (ScopePolicyService). */
export const PERMISSIONS = [
  'alerts.read',
  'alerts.ack',
  'alerts.resolve',
  'alerts.act',
  'telemetry.read',
  'hazards.read',
  'hazards.manage',
  'hazards.accept',
  'risk_register.edit',
  'inspections.read',
  'inspections.start',
  'drill_mode.set',
  'reports.read',
  'users.reset_password',
  'hazard_reports.read',
  'hazard_reports.submit',
  'hazard_reports.triage',
  'supervision.urge',
  'supervision.respond',
  'devices.manage',
  'contacts.manage',
  'orgs.manage',
  'rules.read',
  'rules.manage',
  'users.manage',
  'registry.import_export',
  'registry.history',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const EVERYONE: readonly Role[] = ROLES;
/** Every role but `school_staff`, who only report hazards and follow their own reports. */
const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'school_staff');

/**
 * Who may do what, by role (the org scope then limits *where*). Decisions:
 *
 * - Every role but `school_staff` reads alerts, telemetry, hazards, inspections (a school sees its own, 线上督查
 *   records included) and reports of its scope.
 * - Alerts are acknowledged and resolved by everyone but `school_staff`, officers included: escalation pages the
 *   county, city and province (docs/sites-file.md), and the officer who reached the school by phone must
 *   be able to stop the paging (ack stops escalation, docs/alerting.md) and close a false alarm at a
 *   school where nobody is logged in. The timeline records who did it.
 * - Linkage (联动: sounding sirens, unlocking doors, docs/alerting.md "Linkage") is run and confirmed
 *   on site: the school's security and admin, and the platform admin (`alerts.act`); officers read
 *   the actions on the timeline. The same permission works an alert's emergency plan (应急预案: ticking
 *   steps, dispatching people to the scene, docs/alerting.md "Emergency plans"): both happen on site.
 * - Hazards (隐患排查治理): the school registers and rectifies them (`hazards.manage`: school
 *   security, school admin); acceptance of a rectification (验收) is by someone other than the
 *   guard who did it: the school admin or the education bureau (officers).
 * - The risk register (风险点分级) and drill mode (应急演练, which marks alerts as drills) are a
 *   school admin's decisions; supervision inspections (督导检查) are started by the bureaus.
 * - Resetting another user's password (`users.reset_password`, for a user who forgot it or an
 *   account to take back) is for administrators: a school admin for the users of the school, an
 *   admin for everyone (the org scope decides whose). Everyone changes their own password with
 *   the current one (no permission needed).
 * - Hazard reports (人人参与, docs/alerting.md "Hazard reports"): `school_staff` (teachers and
 *   staff) hold nothing but submitting reports and reading their own; the school's security and
 *   admin report too and triage (register as a hazard, merge, dismiss); officers read the reports
 *   of their scope.
 * - Supervision (督办/催办, 在线查岗, docs/alerting.md "Supervision"): officials urge a school and start
 *   roll-calls (`supervision.urge`); the school's security and admin answer a roll-call and mark an
 *   urge "已知悉" (`supervision.respond`). A school cannot urge itself, and an official answers no
 *   roll-call for a school.
 * - The registry's devices (docs/registry.md, "Managing through the API and the dashboard"): a
 *   school admin adds, edits, retires and provisions the devices of the school; the officers of a
 *   county, city or province act as that level's administrators and manage the devices of every
 *   school below them (a school without an admin of its own is equipped by its county). Security
 *   staff and teachers read the device list but change nothing (`devices.manage`).
 * - Contacts (who is paged, with their duty hours, `contacts.manage`): a school admin keeps the
 *   school's, an officer those of their own unit and every unit below it (the county official who
 *   changes the county's duty phone). Phone numbers are personal data: only these roles read them.
 * - The org tree (`orgs.manage`): the officers act as their level's administrators and add, rename
 *   and move the units below their own (a county officer: the county's schools; a city officer: its
 *   counties and their schools; the province: everything); a school admin edits only its own
 *   school's hours and location (decided in registry/orgs/org-decisions.ts).
 * - Users (`users.manage`): a school admin creates and edits its school's staff, security and admins;
 *   an officer the users of its unit and below; nobody gives a role above their own
 *   (registry/transforms/users.ts `mayGiveRole`), nor edits a user above them.
 * - Rules and escalation policies are province-wide today (one `rules:` and one `escalation:` for
 *   the whole province): the officers of a county and above read them and their history
 *   (`rules.read`); only the province (`province_officer`, `admin`) changes them (`rules.manage`),
 *   since a county's edit would page and alert every other county. When rules get an `org` scope,
 *   a county officer would manage the rules whose org lies in the county (the scope check as for
 *   devices) and `rules.manage` would extend to `county_officer` and `city_officer`.
 * - The registry in bulk (docs/registry.md): importing and exporting the whole sites file
 *   (`registry.import_export`, it holds every unit's people and devices) and reading the registry's
 *   history (`registry.history`, it shows every unit's changes) are for the platform admin only.
 * - `admin` (a province-level platform administrator) may do everything.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Permission, readonly Role[]>> = {
  'alerts.read': STAFF_ROLES,
  'alerts.ack': STAFF_ROLES,
  'alerts.resolve': STAFF_ROLES,
  'alerts.act': ['school_security', 'school_admin', 'admin'],
  'telemetry.read': STAFF_ROLES,
  'hazards.read': STAFF_ROLES,
  'hazards.manage': ['school_security', 'school_admin', 'admin'],
  'hazards.accept': ['school_admin', 'county_officer', 'city_officer', 'province_officer', 'admin'],
  'risk_register.edit': ['school_admin', 'admin'],
  'inspections.read': STAFF_ROLES,
  'inspections.start': ['county_officer', 'city_officer', 'province_officer', 'admin'],
  'drill_mode.set': ['school_admin', 'admin'],
  'reports.read': STAFF_ROLES,
  'users.reset_password': ['school_admin', 'admin'],
  'hazard_reports.read': EVERYONE,
  'hazard_reports.submit': ['school_staff', 'school_security', 'school_admin', 'admin'],
  'hazard_reports.triage': ['school_security', 'school_admin', 'admin'],
  'supervision.urge': ['county_officer', 'city_officer', 'province_officer', 'admin'],
  'supervision.respond': ['school_security', 'school_admin', 'admin'],
  'devices.manage': ['school_admin', 'county_officer', 'city_officer', 'province_officer', 'admin'],
  'contacts.manage': ['school_admin', 'county_officer', 'city_officer', 'province_officer', 'admin'],
  'orgs.manage': ['county_officer', 'city_officer', 'province_officer', 'admin'],
  'rules.read': ['county_officer', 'city_officer', 'province_officer', 'admin'],
  'rules.manage': ['province_officer', 'admin'],
  'users.manage': ['school_admin', 'county_officer', 'city_officer', 'province_officer', 'admin'],
  'registry.import_export': ['admin'],
  'registry.history': ['admin'],
};

/** Whether `role` holds `permission`. */
export function roleMay(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[permission].includes(role);
}

/** The permissions of one role, in table order (for the login answer, docs, the dashboard). */
export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((p) => roleMay(role, p));
}
