import { describe, expect, it } from 'vitest';
import type { OrgLevel, Role } from '@campus/device-protocols';
import { mapClaims, type MappingDirectory } from './claim-mapping';

const users = new Map<string, { username: string; role: Role; org: string }>([
  ['yanta', { username: 'yanta', role: 'county_officer', org: '610113' }],
]);
const levels = new Map<string, OrgLevel>([
  ['610000', 'province'],
  ['610100', 'city'],
  ['610113', 'county'],
  ['2161010001', 'school'],
]);
const directory: MappingDirectory = { user: (n) => users.get(n), levelOf: (o) => levels.get(o) };
const byName = { usernameClaim: 'preferred_username' };
const byClaims = { usernameClaim: 'preferred_username', roleClaim: 'campus_role', orgClaim: 'campus_org' };

describe('mapClaims', () => {
  it('maps a username naming a sites-file user to that user, whatever role and org the claims say', () => {
    const claims = {
      sub: 'x',
      preferred_username: 'yanta',
      campus_role: 'province_officer',
      campus_org: '610000',
    };
    expect(mapClaims(claims, byClaims, directory)).toEqual({
      ok: true,
      identity: { username: 'yanta', role: 'county_officer', org: '610113', external: false },
    });
  });

  it('refuses a user outside the sites file when no role and org claims are configured', () => {
    expect(mapClaims({ preferred_username: 'stranger' }, byName, directory)).toEqual({
      ok: false,
      reason: 'sso_unknown_user',
      username: 'stranger',
    });
  });

  it('refuses an identity without the username claim', () => {
    expect(mapClaims({ sub: 'x' }, byName, directory)).toMatchObject({
      ok: false,
      reason: 'sso_missing_username',
    });
    expect(mapClaims({ preferred_username: 42 }, byName, directory)).toMatchObject({
      reason: 'sso_missing_username',
    });
    expect(mapClaims({ preferred_username: ' ' }, byName, directory)).toMatchObject({
      reason: 'sso_missing_username',
    });
  });

  it('maps a user outside the sites file by a known role and an org at that role level', () => {
    expect(
      mapClaims(
        { preferred_username: 'zhang', campus_role: 'school_security', campus_org: '2161010001' },
        byClaims,
        directory,
      ),
    ).toEqual({
      ok: true,
      identity: { username: 'zhang', role: 'school_security', org: '2161010001', external: true },
    });
  });

  it('refuses a user outside the sites file who has neither role nor org claim as unknown', () => {
    expect(mapClaims({ preferred_username: 'stranger' }, byClaims, directory)).toEqual({
      ok: false,
      reason: 'sso_unknown_user',
      username: 'stranger',
    });
  });

  it('refuses an unknown role, a missing role and the admin role from claims', () => {
    for (const role of ['janitor', undefined, 'admin']) {
      expect(
        mapClaims(
          { preferred_username: 'zhang', campus_role: role, campus_org: '610000' },
          byClaims,
          directory,
        ),
      ).toEqual({
        ok: false,
        reason: 'sso_bad_role',
        username: 'zhang',
      });
    }
  });

  it('refuses an org the sites file does not have, or one at another level than the role', () => {
    const refused = (org: unknown) =>
      mapClaims(
        { preferred_username: 'zhang', campus_role: 'county_officer', campus_org: org },
        byClaims,
        directory,
      );
    expect(refused('999999')).toMatchObject({ ok: false, reason: 'sso_bad_org' });
    expect(refused('2161010001')).toMatchObject({ ok: false, reason: 'sso_bad_org' });
    expect(refused(undefined)).toMatchObject({ ok: false, reason: 'sso_bad_org' });
    expect(refused('610113')).toMatchObject({ ok: true });
  });
});
