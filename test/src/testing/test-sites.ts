import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's own small province for whole-system tests (test/fixtures/test-province.yaml). */
export const TEST_SITES_PATH = fileURLToPath(new URL('../../fixtures/test-province.yaml', import.meta.url));

export const SCHOOL_A = '2161010001';
export const SCHOOL_B = '2161030001';
export const SECRETS: Record<string, string> = {
  'smk-0001': 's3cret-smk',
  'tmp-0001': 's3cret-tmp',
  'sos-0001': 'hashed-secret',
  'z2m-01': 's3cret-z2m',
  'nvr-01': 's3cret-nvr',
  'smk-0101': 's3cret-other',
};

/**
 * Writes the test province plus one more user (with the test password) to `dir/sites.yaml` and
 * answers its path: for a spec that needs a role the province does not have, e.g. a teacher.
 */
export async function testSitesWithUser(
  dir: string,
  user: { username: string; role: string; org: string },
): Promise<string> {
  const line = `  - { username: ${user.username}, passwordHash: *test-password, role: ${user.role}, org: '${user.org}' }\n`;
  const text = await readFile(TEST_SITES_PATH, 'utf8');
  const sites = text.replace(/( {2}- \{ username: shaanxi[^\n]*\n)/, `$1${line}`);
  if (sites === text)
    throw new Error(`${TEST_SITES_PATH}: the user "shaanxi" is gone, so ${user.username} has no place`);
  const path = join(dir, 'sites.yaml');
  await writeFile(path, sites);
  return path;
}
