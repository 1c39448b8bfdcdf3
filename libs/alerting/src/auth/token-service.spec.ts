import { SignJWT } from 'jose';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { TOKEN_TTL_SECONDS, TokenService } from './token-service';

const user = { username: 'yanta', role: 'county_officer', org: '610113' } as const;
const secret = 'a-test-secret-that-is-long-enough-for-hs256';

describe('TokenService', () => {
  it('signs {sub, role, org} and verifies it back, valid 12 h', async () => {
    const tokens = new TokenService({ secret });
    const token = (await tokens.sign(user)).token;
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    expect(payload).toMatchObject({ sub: 'yanta', role: 'county_officer', org: '610113' });
    expect(Number(payload['exp']) - Number(payload['iat'])).toBe(TOKEN_TTL_SECONDS);
    expect(await tokens.verify(token)).toMatchObject({
      username: 'yanta',
      role: 'county_officer',
      org: '610113',
    });
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
});
