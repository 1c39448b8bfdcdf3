import { ROLES, type Role } from '@campus/device-protocols';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, permissionsOf, roleMay, type Permission } from './role-permissions';

// The expected table, written out role by role so a change to the policy shows up here.
const EXPECTED: Record<Role, Permission[]> = {
  school_staff: ['hazard_reports.read', 'hazard_reports.submit'],
  school_security: [
    'alerts.read',
    'alerts.ack',
    'alerts.resolve',
    'alerts.act',
    'telemetry.read',
    'hazards.read',
    'hazards.manage',
    'inspections.read',
    'reports.read',
    'hazard_reports.read',
    'hazard_reports.submit',
    'hazard_reports.triage',
    'supervision.respond',
  ],
  school_admin: [
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
    'drill_mode.set',
    'reports.read',
    'users.reset_password',
    'hazard_reports.read',
    'hazard_reports.submit',
    'hazard_reports.triage',
    'supervision.respond',
    'devices.manage',
    'contacts.manage',
    'users.manage',
  ],
  county_officer: [
    'alerts.read',
    'alerts.ack',
    'alerts.resolve',
    'telemetry.read',
    'hazards.read',
    'hazards.accept',
    'inspections.read',
    'inspections.start',
    'reports.read',
    'hazard_reports.read',
    'supervision.urge',
    'devices.manage',
    'contacts.manage',
    'orgs.manage',
    'rules.read',
    'users.manage',
  ],
  city_officer: [
    'alerts.read',
    'alerts.ack',
    'alerts.resolve',
    'telemetry.read',
    'hazards.read',
    'hazards.accept',
    'inspections.read',
    'inspections.start',
    'reports.read',
    'hazard_reports.read',
    'supervision.urge',
    'devices.manage',
    'contacts.manage',
    'orgs.manage',
    'rules.read',
    'users.manage',
  ],
  province_officer: [
    'alerts.read',
    'alerts.ack',
    'alerts.resolve',
    'telemetry.read',
    'hazards.read',
    'hazards.accept',
    'inspections.read',
    'inspections.start',
    'reports.read',
    'hazard_reports.read',
    'supervision.urge',
    'devices.manage',
    'contacts.manage',
    'orgs.manage',
    'rules.read',
    'rules.manage',
    'users.manage',
  ],
  admin: [...PERMISSIONS],
};

describe('role permissions', () => {
  it.each(ROLES)('%s has exactly the documented permissions', (role) => {
    expect(permissionsOf(role)).toEqual(EXPECTED[role]);
  });

  // school_staff (teachers) only report hazards and follow their own reports: see the test below
  const STAFF_ROLES = ROLES.filter((r) => r !== 'school_staff');

  it.each(STAFF_ROLES)('%s may read and act on alerts (escalation reaches every level)', (role) => {
    expect(roleMay(role, 'alerts.read')).toBe(true);
    expect(roleMay(role, 'alerts.ack')).toBe(true);
    expect(roleMay(role, 'alerts.resolve')).toBe(true);
  });

  it('lets only the school on site and the platform admin run device commands (联动)', () => {
    expect(ROLES.filter((r) => roleMay(r, 'alerts.act'))).toEqual([
      'school_security',
      'school_admin',
      'admin',
    ]);
  });

  it.each(STAFF_ROLES)('%s may read inspections and reports of its scope', (role) => {
    expect(roleMay(role, 'inspections.read')).toBe(true);
    expect(roleMay(role, 'reports.read')).toBe(true);
  });

  it('lets school_staff report hazards and read their reports, and nothing else', () => {
    expect(permissionsOf('school_staff')).toEqual(['hazard_reports.read', 'hazard_reports.submit']);
    expect(roleMay('school_staff', 'alerts.read')).toBe(false);
    expect(roleMay('school_staff', 'hazard_reports.triage')).toBe(false);
  });

  it('keeps rectifying and accepting a hazard apart for the school guard', () => {
    expect(roleMay('school_security', 'hazards.manage')).toBe(true);
    expect(roleMay('school_security', 'hazards.accept')).toBe(false);
  });

  it('leaves drill mode and the risk register to school admins and admins', () => {
    const who = (p: Permission): Role[] => ROLES.filter((r) => roleMay(r, p));
    expect(who('drill_mode.set')).toEqual(['school_admin', 'admin']);
    expect(who('risk_register.edit')).toEqual(['school_admin', 'admin']);
    expect(who('inspections.start')).toEqual(['county_officer', 'city_officer', 'province_officer', 'admin']);
    expect(who('users.reset_password')).toEqual(['school_admin', 'admin']);
  });
});
