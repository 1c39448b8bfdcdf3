import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSites } from './load-sites';

const SITES = (password: string, secret: string) => `province: { code: "610000", name: "陕西省" }
cities:
  - code: "610100"
    name: "西安市"
    counties:
      - code: "610113"
        name: "雁塔区"
        schools:
          - code: "2161010001"
            name: "雁塔区第一小学"
            devices:
              - { id: smk-1, kind: smoke_detector, secret: ${secret} }
users:
  - { username: school1, password: ${password}, role: school_security, org: "2161010001" }
`;

describe('loadSites', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-load-sites-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses a real sites file with a demo credential, at its line', async () => {
    const file = join(dir, 'demo-secret.yaml');
    await writeFile(file, SITES('a-real-password', 'demo-secret'));
    await expect(loadSites(file)).rejects.toThrow(`${file}:12: device "smk-1" has the demo secret`);
  });

  it('warns once about other plain credentials', async () => {
    const file = join(dir, 'plain.yaml');
    await writeFile(file, SITES('a-real-password', 'a-real-secret'));
    const warnings: string[] = [];
    const sites = await loadSites(file, { warn: (m) => warnings.push(m) });
    expect(sites.devices).toHaveLength(1);
    expect(warnings).toEqual([
      expect.stringMatching(new RegExp(`^${file}:12: 2 passwords/secrets in plain text`)),
    ]);
  });

  it('the built-in demo province is not checked (its credentials are the demo)', async () => {
    const warnings: string[] = [];
    const sites = await loadSites(undefined, { warn: (m) => warnings.push(m) });
    expect(sites.users.length).toBeGreaterThan(0);
    expect(warnings).toEqual([]);
  });
});
