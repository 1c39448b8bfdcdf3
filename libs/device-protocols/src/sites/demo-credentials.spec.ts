import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkDemoCredentials,
  demoProvinceNotice,
  findPlainCredentials,
  plainCredentialsWarning,
} from './demo-credentials';
import { DEMO_SITES_PATH } from './demo-sites';
import { parseSites } from './parse-sites';
import { hashSecret } from './secret-hash';
import { SitesFileError } from './sites-model';
import { baseWith, device } from '../testing/sites.fixture';

const FILE = '/etc/campus/sites.yaml';

function check(text: string) {
  return checkDemoCredentials(parseSites(text, FILE), text, FILE);
}

function refusal(text: string): SitesFileError {
  try {
    check(text);
  } catch (err) {
    if (err instanceof SitesFileError) return err;
    throw err;
  }
  throw new Error('expected the file to be refused');
}

describe('checkDemoCredentials (a real SITES_FILE)', () => {
  it('refuses a user with the demo password, naming the file, the line and the fix', () => {
    const err = refusal(
      baseWith({
        23: '  - { username: school1, password: "demo-pass", role: school_security, org: "2161010001" }',
      }),
    );
    expect(err.file).toBe(FILE);
    expect(err.line).toBe(23);
    expect(err.message).toMatch(/^\/etc\/campus\/sites\.yaml:23: /);
    expect(err.message).toContain('user "school1"');
    expect(err.message).toContain('passwordHash');
    expect(err.message).toContain('npm run hash-secret');
    expect(err.message).not.toContain('\n');
  });

  it('refuses a device with the demo secret, at the line of that device', () => {
    const err = refusal(baseWith({ 18: device('{ id: smk-2, kind: smoke_detector, secret: demo-secret }') }));
    expect(err.line).toBe(18);
    expect(err.message).toContain('device "smk-2"');
    expect(err.message).toContain('secretHash');
  });

  it('names the first in the file and counts the others', () => {
    const err = refusal(
      baseWith({
        13: device('{ id: z2m-1, kind: zigbee_bridge, protocol: zigbee2mqtt, secret: "demo-secret" }'),
        18: device('{ id: smk-2, kind: smoke_detector, secret: demo-secret }'),
        23: '  - { username: school1, password: demo-pass, role: school_security, org: "2161010001" }',
      }),
    );
    expect(err.line).toBe(13);
    expect(err.message).toContain('and 2 more demo credentials');
  });

  it('finds the line of a secret written on its own line (block style)', () => {
    const text = baseWith({
      12: [
        '              - id: smk-1',
        '                kind: smoke_detector',
        '                secret: demo-secret',
      ].join('\n'),
    });
    expect(refusal(text).line).toBe(14);
  });

  it('accepts hashes and other plain credentials, returning the plain ones in file order', () => {
    const text = baseWith({
      12: device(`{ id: smk-1, kind: smoke_detector, secretHash: "${hashSecret('demo-secret')}" }`),
    });
    const { plain } = check(text);
    expect(plain.map((c) => [c.kind, c.owner, c.line])).toEqual([
      ['secret', 'z2m-1', 13],
      ['secret', 'smk-2', 18],
      ['secret', 'z2m-2', 19],
      ['password', 'school1', 23],
    ]);
    expect(plain.every((c) => !c.demo)).toBe(true);
  });

  it('warns once with the count and the first line; nothing when every credential is hashed', () => {
    const check1 = check(baseWith());
    expect(plainCredentialsWarning(check1, FILE)).toMatch(
      /^\/etc\/campus\/sites\.yaml:12: 5 passwords\/secrets in plain text \(the first: secret of "smk-1"\).*secretHash/,
    );
    expect(plainCredentialsWarning({ plain: [] }, FILE)).toBeUndefined();
  });

  it('a wrong-case or longer value is not the demo one', () => {
    const text = baseWith({
      23: '  - { username: school1, password: Demo-Pass-2, role: school_security, org: "2161010001" }',
    });
    expect(() => check(text)).not.toThrow();
  });
});

describe('the built-in demo province', () => {
  const text = readFileSync(DEMO_SITES_PATH, 'utf8');
  const demo = parseSites(text, 'built-in demo province');

  it('is exactly what the guard refuses as a real sites file', () => {
    const all = findPlainCredentials(demo, text);
    expect(all.filter((c) => c.kind === 'password').every((c) => c.demo)).toBe(true);
    expect(all.some((c) => c.kind === 'secret' && c.demo)).toBe(true);
    expect(() => checkDemoCredentials(demo, text, 'copy-of-demo.yaml')).toThrow(/copy-of-demo\.yaml:\d+: /);
  });

  it('notice: for trying only, and every account with the demo password', () => {
    const [warning, accounts] = demoProvinceNotice(demo);
    expect(warning).toMatch(/for trying the platform only/);
    expect(accounts).toMatch(/^demo accounts \(password demo-pass\): /);
    for (const u of demo.users) expect(accounts).toContain(`${u.username} (${u.role})`);
  });
});
