import { SitesLocator, type SitesPath } from './locator';
import { SitesFileError, type Sites } from './sites-model';
import { loadYaml } from './yaml-source';

/** The demo province's password for every user: public, printed at start, in the docs. */
export const DEMO_PASSWORD = 'demo-pass';
/** The demo province's secret for every device that logs in itself: public as well. */
export const DEMO_SECRET = 'demo-secret';

/** A credential written in plain text in a sites file (a user's `password`, a device's `secret`). */
export interface PlainCredential {
  kind: 'password' | 'secret';
  /** The username or the device id. */
  owner: string;
  /** Where it is in the file (1-based), when it can be found. */
  line: number | undefined;
  /** Whether it is the demo's public password or secret. */
  demo: boolean;
}

export interface CredentialCheck {
  /** Every plain-text credential that is not a demo one, in file order. */
  plain: PlainCredential[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const items = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Where each device is declared: `cities[i].counties[j].schools[k].devices[l]`, by device id. */
function devicePaths(data: unknown): Map<string, SitesPath> {
  const paths = new Map<string, SitesPath>();
  if (!isRecord(data)) return paths;
  items(data['cities']).forEach((city, ci) => {
    if (!isRecord(city)) return;
    items(city['counties']).forEach((county, ki) => {
      if (!isRecord(county)) return;
      items(county['schools']).forEach((school, si) => {
        if (!isRecord(school)) return;
        items(school['devices']).forEach((device, di) => {
          if (isRecord(device) && typeof device['id'] === 'string' && !paths.has(device['id'])) {
            paths.set(device['id'], ['cities', ci, 'counties', ki, 'schools', si, 'devices', di]);
          }
        });
      });
    });
  });
  return paths;
}

/**
 * Every plain-text credential of a parsed sites file with its line: users' `password` and devices'
 * `secret` (hashes are not credentials in plain text). `text` is the file `sites` was parsed from;
 * it is read again only to find the lines. File order.
 */
export function findPlainCredentials(sites: Sites, text: string): PlainCredential[] {
  const yaml = loadYaml(text, sites.source);
  const locator = new SitesLocator(yaml);
  const found: PlainCredential[] = [];
  sites.users.forEach((user, i) => {
    if (user.password === undefined) return;
    found.push({
      kind: 'password',
      owner: user.username,
      line: locator.lineOf(['users', i, 'password']),
      demo: user.password.trim() === DEMO_PASSWORD,
    });
  });
  const paths = devicePaths(yaml.data);
  for (const device of sites.devices) {
    if (device.secret === undefined) continue;
    const path = paths.get(device.id);
    found.push({
      kind: 'secret',
      owner: device.id,
      line: path === undefined ? undefined : locator.lineOf([...path, 'secret']),
      demo: device.secret.trim() === DEMO_SECRET,
    });
  }
  return found.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

const HASH_HINT = 'npm run hash-secret -- <new secret>';

function demoReason(first: PlainCredential, more: number): string {
  const also = more > 0 ? ` (and ${more} more demo credential${more === 1 ? '' : 's'} in this file)` : '';
  const what =
    first.kind === 'password'
      ? `user "${first.owner}" has the demo password "${DEMO_PASSWORD}", which is public — give the user a ` +
        `password of their own as passwordHash (${HASH_HINT})`
      : `device "${first.owner}" has the demo secret "${DEMO_SECRET}", which is public — give the device a ` +
        `secret of its own, best as secretHash (${HASH_HINT})`;
  return `${what}${also}; demo credentials are only for the built-in demo province (SITES_FILE unset)`;
}

/**
 * The guard for a real sites file (`SITES_FILE`; never the built-in demo): refuses the demo's
 * public password and secret in plain text with a `SitesFileError` naming `file`, the line of the
 * first one and what to do; returns the other plain-text credentials, which are allowed (hashes
 * are better: see `plainCredentialsWarning`). See docs/sites-file.md.
 */
export function checkDemoCredentials(sites: Sites, text: string, file: string): CredentialCheck {
  const all = findPlainCredentials(sites, text);
  const demo = all.filter((c) => c.demo);
  const first = demo[0];
  if (first !== undefined) throw new SitesFileError(file, first.line, demoReason(first, demo.length - 1));
  return { plain: all };
}

/** One warning line for plain-text credentials (count and the first line); undefined when none. */
export function plainCredentialsWarning(check: CredentialCheck, file: string): string | undefined {
  const first = check.plain[0];
  if (first === undefined) return undefined;
  const n = check.plain.length;
  const where = first.line === undefined ? file : `${file}:${first.line}`;
  return (
    `${where}: ${n} password${n === 1 ? '' : 's'}/secret${n === 1 ? '' : 's'} in plain text ` +
    `(the first: ${first.kind} of "${first.owner}") — anyone who reads the file can log in; ` +
    `store scrypt hashes instead: passwordHash / secretHash from ${HASH_HINT}`
  );
}

/**
 * What to print when the built-in demo province is in use: its accounts (all with the public
 * password) and that it is for trying the platform only.
 */
export function demoProvinceNotice(sites: Sites): string[] {
  const demoUsers = sites.users.filter((u) => u.password?.trim() === DEMO_PASSWORD);
  const lines = [
    'built-in demo province: for trying the platform only — its passwords and device secrets are public; ' +
      'set SITES_FILE to your own sites file for real schools (docs/sites-file.md)',
  ];
  if (demoUsers.length > 0) {
    lines.push(
      `demo accounts (password ${DEMO_PASSWORD}): ${demoUsers.map((u) => `${u.username} (${u.role})`).join(', ')}`,
    );
  }
  return lines;
}
