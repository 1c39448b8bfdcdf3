import { SignJWT } from 'jose';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { REFRESH_TOKEN_TTL_SECONDS, TOKEN_TTL_SECONDS, TokenService } from './token-service';

const user = { username: 'yanta', role: 'county_officer', org: '610113' } as const;
const secret = 'a-test-secret-that-is-long-enough-for-hs256';

describe('TokenService', () => {
  it('signs {typ: access, sub, role, org, ver} and verifies it back, valid 15 min', async () => {
    const tokens = new TokenService({ secret });
    const token = (await tokens.sign({ ...user, version: 3 })).token;
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    expect(payload).toMatchObject({
      typ: 'access',
      sub: 'yanta',
      role: 'county_officer',
      org: '610113',
      ver: 3,
    });
    expect(TOKEN_TTL_SECONDS).toBe(15 * 60);
    expect(Number(payload['exp']) - Number(payload['iat'])).toBe(TOKEN_TTL_SECONDS);
    expect(await tokens.verify(token)).toMatchObject({
      username: 'yanta',
      role: 'county_officer',
      org: '610113',
      version: 3,
    });
  });

  it('signs refresh tokens valid 12 h, and never takes one kind for the other', async () => {
    const tokens = new TokenService({ secret });
    const refresh = await tokens.signRefresh('yanta', 2);
    const access = await tokens.sign(user);
    const payload = JSON.parse(
      Buffer.from(refresh.token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    expect(payload).toMatchObject({ typ: 'refresh', sub: 'yanta', ver: 2 });
    expect(Number(payload['exp']) - Number(payload['iat'])).toBe(REFRESH_TOKEN_TTL_SECONDS);
    expect(await tokens.verifyRefresh(refresh.token)).toEqual({
      username: 'yanta',
      version: 2,
      expiresAt: refresh.expiresAt,
    });
    expect(await tokens.verify(refresh.token)).toBeNull();
    expect(await tokens.verifyRefresh(access.token)).toBeNull();
  });

  it('never lets an access token outlive its session', async () => {
    const tokens = new TokenService({ secret });
    const now = Math.floor(Date.now() / 1000);
    expect((await tokens.sign(user, now + 60)).expiresAt).toBe(now + 60);
  });

  it('refuses a token without a version or a kind (issued before versions existed)', async () => {
    const key = new TextEncoder().encode(secret);
    const old = await new SignJWT({ role: 'county_officer', org: '610113' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('yanta')
      .setExpirationTime('1h')
      .sign(key);
    expect(await new TokenService({ secret }).verify(old)).toBeNull();
  });

  it('refuses an expired token', async () => {
    const past = new TokenService({ secret, clock: () => new Date(Date.now() - 13 * 3600_000) });
    expect(await new TokenService({ secret }).verify((await past.sign(user)).token)).toBeNull();
  });

  it('refuses a token signed with another key, a tampered one, garbage, and alg none', async () => {
    const tokens = new TokenService({ secret });
    expect(await tokens.verify((await new TokenService().sign(user)).token)).toBeNull();
    const [h, p, s] = (await tokens.sign(user)).token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: 'yanta', role: 'admin', org: '610000', exp: 9e9 }),
    ).toString('base64url');
    expect(await tokens.verify(`${h}.${forged}.${s}`)).toBeNull();
    expect(await tokens.verify(`${h}.${p}.`)).toBeNull();
    expect(await tokens.verify('not-a-token')).toBeNull();
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    expect(await tokens.verify(none)).toBeNull();
  });

  it('refuses a well-signed token with an unknown role', async () => {
    const key = new TextEncoder().encode(secret);
    const token = await new SignJWT({ role: 'janitor', org: '610113' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(key);
    expect(await new TokenService({ secret }).verify(token)).toBeNull();
  });

  it('fromEnv warns when JWT_SECRET is unset and uses it when set', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const random = TokenService.fromEnv({}, logger);
    expect(lines.join('')).toMatch(/will not survive a restart.*replicas/);
    expect(await random.verify((await random.sign(user)).token)).not.toBeNull();

    lines.length = 0;
    const fixed = TokenService.fromEnv({ JWT_SECRET: secret }, logger);
    expect(lines).toEqual([]);
    expect(await new TokenService({ secret }).verify((await fixed.sign(user)).token)).not.toBeNull();
  });

  it('fromEnv takes ACCESS_TOKEN_TTL and REFRESH_TOKEN_TTL, and refuses unusable ones', async () => {
    const logger = pino({ level: 'silent' });
    const tokens = TokenService.fromEnv(
      { JWT_SECRET: secret, ACCESS_TOKEN_TTL: '5m', REFRESH_TOKEN_TTL: '3600' },
      logger,
    );
    expect(tokens.accessTtlSeconds).toBe(300);
    const now = Math.floor(Date.now() / 1000);
    expect((await tokens.signRefresh('yanta', 0)).expiresAt - now).toBeGreaterThanOrEqual(3599);
    expect(() => TokenService.fromEnv({ ACCESS_TOKEN_TTL: 'soon' }, logger)).toThrow(
      /ACCESS_TOKEN_TTL="soon"/,
    );
    expect(() => TokenService.fromEnv({ ACCESS_TOKEN_TTL: '2h', REFRESH_TOKEN_TTL: '1h' }, logger)).toThrow(
      /REFRESH_TOKEN_TTL must not be shorter/,
    );
  });
});
