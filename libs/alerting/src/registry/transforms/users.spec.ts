import { describe, expect, it } from 'vitest';
import { registryDocument } from '../../testing/registry-document.fixture';
import { addUser, findUser, mayGiveRole, patchUser } from './users';
import { checkDocument } from './sites-document';

describe('user transforms', () => {
  it('never lets a role give one above it; a school admin only the school’s roles', () => {
    expect(mayGiveRole('school_admin', 'school_security')).toBe(true);
    expect(mayGiveRole('school_admin', 'county_officer')).toBe(false);
    expect(mayGiveRole('county_officer', 'school_admin')).toBe(true);
    expect(mayGiveRole('county_officer', 'city_officer')).toBe(false);
    expect(mayGiveRole('province_officer', 'admin')).toBe(false);
    expect(mayGiveRole('admin', 'admin')).toBe(true);
    expect(mayGiveRole('school_security', 'school_staff')).toBe(true);
  });

  it('adds a user with a plain password and changes the role, checked as a sites file', () => {
    const next = addUser(registryDocument(), {
      username: 'guard9',
      name: '夜班保安',
      role: 'school_security',
      org: '2161010001',
      password: 'a-long-initial-pass',
    });
    expect(checkDocument(next).users.find((u) => u.username === 'guard9')).toMatchObject({
      role: 'school_security',
    });
    expect(() =>
      addUser(next, { username: 'guard9', role: 'school_staff', org: '2161010001', password: 'x' }),
    ).toThrow(/taken/);
    expect(findUser(patchUser(next, 'guard9', { role: 'school_staff', name: null }), 'guard9')).toEqual({
      username: 'guard9',
      name: null,
      role: 'school_staff',
      org: '2161010001',
    });
  });
});
