import { describe, expect, it } from 'vitest';
import { orgPatchDecision } from './org-decisions';

const county = { role: 'county_officer' as const, level: 'county' as const };
const head = { role: 'school_admin' as const, level: 'school' as const };
const guard = { role: 'school_security' as const, level: 'school' as const };
const below = { visible: true, own: false };
const own = { visible: true, own: true };
const outside = { visible: false, own: false };

describe('org change decisions', () => {
  it('lets an officer change the units below theirs, not their own, nothing outside', () => {
    expect(orgPatchDecision(county, true, below, ['name'])).toBe('ok');
    expect(orgPatchDecision(county, true, own, ['name'])).toBe('forbidden');
    expect(orgPatchDecision(county, true, outside, ['name'])).toBe('not_found');
    expect(orgPatchDecision(county, true, below, ['county'], outside)).toBe('not_found');
    expect(orgPatchDecision(county, true, below, ['county'], below)).toBe('ok');
  });

  it('lets a school admin set its own school’s hours and location only', () => {
    expect(orgPatchDecision(head, false, own, ['hours', 'location'])).toBe('ok');
    expect(orgPatchDecision(head, false, own, ['name'])).toBe('forbidden');
    expect(orgPatchDecision(head, false, outside, ['hours'])).toBe('not_found');
    expect(orgPatchDecision(guard, false, own, ['hours'])).toBe('forbidden');
  });
});
