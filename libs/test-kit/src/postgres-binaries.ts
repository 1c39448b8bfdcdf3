import { execFileSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunAs } from './processes';

const DEBIAN_ROOT = '/usr/lib/postgresql';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The directory holding `initdb` and `postgres`: `$POSTGRES_BIN_DIR`, else the newest Debian
 * `/usr/lib/postgresql/<major>/bin`. Throws with the install command when there is none.
 */
export function postgresBinDir(): string {
  const fromEnv = process.env.POSTGRES_BIN_DIR;
  if (fromEnv) {
    if (executable(join(fromEnv, 'initdb')) && executable(join(fromEnv, 'postgres'))) return fromEnv;
    throw new Error(`POSTGRES_BIN_DIR=${fromEnv} has no executable initdb and postgres: fix or unset it`);
  }
  let majors: string[] = [];
  try {
    majors = readdirSync(DEBIAN_ROOT)
      .filter((d) => /^\d+$/.test(d))
      .sort((a, b) => Number(b) - Number(a));
  } catch {
    // not installed
  }
  for (const major of majors) {
    const dir = join(DEBIAN_ROOT, major, 'bin');
    if (executable(join(dir, 'initdb')) && executable(join(dir, 'postgres'))) return dir;
  }
  throw new Error(
    `the PostgreSQL server binaries (initdb, postgres) are not installed (looked in ${DEBIAN_ROOT}/*/bin): ` +
      'run `apt-get install postgresql` (as root), or set POSTGRES_BIN_DIR to the directory holding them',
  );
}

/**
 * PostgreSQL refuses to run as root: as root, the servers run as the `postgres` OS user (created by
 * the Debian package); otherwise as the current user (undefined).
 */
export function postgresRunAs(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    if (Number.isInteger(uid) && Number.isInteger(gid)) return { uid, gid };
  } catch {
    // no such user
  }
  throw new Error(
    'the tests run as root, which PostgreSQL refuses, and there is no `postgres` OS user to run it as: ' +
      'run `apt-get install postgresql` (it creates the user), or run the tests as a normal user',
  );
}
