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
