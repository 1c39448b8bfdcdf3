import { hashSecret, parseSites, verifySecretAsync } from '@campus/device-protocols';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sitesYaml } from '@campus/test-kit';
import { recordingLogger } from '../testing/test-app.fixture';
import { TEST_SITES_SPEC } from '../testing/test-sites.fixture';
import { MemoryAccountStore } from './account-store';
import { AuthService, LoginThrottledError } from './auth.service';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle } from './login-throttle';
import { OrgTree } from './org-tree';
import { ScopePolicyService } from './scope-policy.service';
import { TokenService } from './token-service';

// Count the password derivations: a throttled attempt must not run one.
vi.mock('@campus/device-protocols', async (original) => {
  const actual = await original<typeof import('@campus/device-protocols')>();
  return { ...actual, verifySecretAsync: vi.fn(actual.verifySecretAsync) };
});
const verifications = vi.mocked(verifySecretAsync);

// The test sites with one hashed user, so that every login costs an scrypt derivation.
const sites = parseSites(
  sitesYaml({
    ...TEST_SITES_SPEC,
    users: TEST_SITES_SPEC.users.map(({ password, ...u }) =>
      u.username === 'xian' ? { ...u, passwordHash: hashSecret(password) } : { ...u, password },
    ),
  }),
  'auth service test sites',
);

function service(clock: { now: number }) {
  const { logger, logs } = recordingLogger();
  const tree = OrgTree.fromSites(sites);
  const accounts = new MemoryAccountStore();
  const auth = new AuthService(
    sites,
    new TokenService({ secret: 'auth-service-spec-secret-0123456789abcdef' }),
    tree,
    logger,
    accounts,
    new LoginThrottle(DEFAULT_LOGIN_THROTTLE, () => clock.now),
    new ScopePolicyService(tree),
  );
  return { auth, logs, accounts };
}

const MIN = 60_000;

describe('AuthService login throttling', () => {
  let clock: { now: number };
  beforeEach(() => {
    clock = { now: Date.parse('2026-11-28T10:00:00Z') };
    verifications.mockClear();
  });

  it('locks an account after 5 failures, logs the lockout once, and checks no password while locked', async () => {
    const { auth, logs } = service(clock);
    for (let i = 0; i < 5; i++) expect(await auth.login('xian', `wrong-${i}`, '10.0.0.1')).toBeNull();
    expect(verifications).toHaveBeenCalledTimes(5);
    const locked = logs.filter((l) => l['msg'] === 'account locked after repeated failed logins');
    expect(locked).toEqual([
      expect.objectContaining({ level: 40, username: 'xian', client: '10.0.0.1', lockedForSeconds: 900 }),
    ]);
    expect(JSON.stringify(logs)).not.toContain('wrong-');

    // the owner, from elsewhere, with the right password: refused without any derivation
    for (let i = 0; i < 20; i++) {
      const attempt = auth.login('xian', 'xian-pass', '10.0.0.2');
      await expect(attempt).rejects.toBeInstanceOf(LoginThrottledError);
      await expect(attempt).rejects.toMatchObject({ retryAfterSeconds: 900, reason: 'account_locked' });
    }
    expect(verifications).toHaveBeenCalledTimes(5);
    expect(logs.filter((l) => l['msg'] === 'account locked after repeated failed logins')).toHaveLength(1);

    clock.now += 15 * MIN;
    expect(await auth.login('xian', 'xian-pass', '10.0.0.2')).toMatchObject({ user: { username: 'xian' } });
  });

  it('a successful login resets the failure count', async () => {
    const { auth } = service(clock);
    for (let i = 0; i < 4; i++) await auth.login('xian', 'wrong', '10.0.0.1');
    expect(await auth.login('xian', 'xian-pass', '10.0.0.1')).not.toBeNull();
    for (let i = 0; i < 4; i++) expect(await auth.login('xian', 'wrong', '10.0.0.1')).toBeNull();
    expect(await auth.login('xian', 'xian-pass', '10.0.0.1')).not.toBeNull();
  });

  it('throttles a client address that tries many names, without checking their passwords', async () => {
    const { auth } = service(clock);
    for (let i = 0; i < 20; i++)
      expect(await auth.login(`guess-${i}`, 'demo-pass', '198.51.100.9')).toBeNull();
    const before = verifications.mock.calls.length;
    await expect(auth.login('guess-x', 'demo-pass', '198.51.100.9')).rejects.toMatchObject({
      reason: 'address',
      retryAfterSeconds: 6,
    });
    expect(verifications.mock.calls.length).toBe(before);
    // another user from another address still signs in
    expect(await auth.login('yanta', 'yanta-pass', '198.51.100.10')).not.toBeNull();
  });
});

describe('AuthService token versions', () => {
  it('refuses an access token of an older version after logout, and its refresh token', async () => {
    const { auth } = service({ now: Date.now() });
    const login = await auth.login('yanta', 'yanta-pass', '10.0.0.1');
    expect(await auth.authenticate(login!.accessToken)).not.toBeNull();
    const session = (await auth.authenticate(login!.accessToken))!;
    await auth.logout(session.user);
    expect(await auth.authenticate(login!.accessToken)).toBeNull();
    expect(await auth.refresh(login!.refreshToken)).toBeNull();
    const again = await auth.login('yanta', 'yanta-pass', '10.0.0.1');
    expect(await auth.authenticate(again!.accessToken)).not.toBeNull();
  });

  it('a password change stores a hash (never the password) and revokes the tokens', async () => {
    const { auth, accounts, logs } = service({ now: Date.now() });
    const login = await auth.login('yanta', 'yanta-pass', '10.0.0.1');
    const session = (await auth.authenticate(login!.accessToken))!;
    await auth.changePassword(session.user, 'yanta-pass', 'a-much-longer-secret', '10.0.0.1');
    const stored = await accounts.get('yanta');
    expect(stored).toMatchObject({ tokenVersion: 1, passwordChangedBy: 'yanta' });
    expect(stored?.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(JSON.stringify(logs)).not.toContain('a-much-longer-secret');
    expect(await auth.authenticate(login!.accessToken)).toBeNull();
    expect(await auth.login('yanta', 'yanta-pass', '10.0.0.1')).toBeNull();
    expect(await auth.login('yanta', 'a-much-longer-secret', '10.0.0.1')).not.toBeNull();
  });
});
