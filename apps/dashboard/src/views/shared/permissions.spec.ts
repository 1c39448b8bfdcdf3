import { describe, expect, it } from 'vitest';
import { userMay } from './permissions';

describe('userMay', () => {
  it("trusts the login answer's permission list when the session has one", () => {
    const u = { username: 'x', role: 'school_security', permissions: ['hazards.read', 'inspections.start'] };
    expect(userMay(u, 'inspections.start')).toBe(true);
    expect(userMay(u, 'hazards.manage')).toBe(false);
  });
  it('falls back to the role table for sessions without a list', () => {
    expect(userMay({ username: 'yanta', role: 'county_officer' }, 'inspections.start')).toBe(true);
    expect(userMay({ username: 'yanta', role: 'county_officer' }, 'hazards.manage')).toBe(false);
    expect(userMay({ username: 'school1', role: 'school_security', permissions: [] }, 'hazards.manage')).toBe(
      true,
    );
    expect(userMay({ username: 'school1', role: 'school_security' }, 'hazards.accept')).toBe(false);
    expect(userMay(null, 'hazards.manage')).toBe(false);
  });
});
