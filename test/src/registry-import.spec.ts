import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatSitesYaml, readSitesFile } from '@campus/device-protocols';
import { ApiUser } from './testing/api-client';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { TEST_SITES_PATH } from './testing/test-sites';

/**
 * The registry in bulk on the running platform (docs/registry.md): a sites file imported through
 * the API is a dry run answering its diff, then applied as exactly that diff in one version;
 * only admins may import, export or read the history; a refused file changes nothing. Then the
 * same registry from the shell (`npm run sites`), refused while the platform holds DATA_DIR.
 */

const ROOT = new URL('../../', import.meta.url).pathname;

type Json = Record<string, unknown>;
const list = (v: unknown): Json[] => v as Json[];
const firstSchool = (doc: Json): Json =>
  list(list(list(doc['cities'])[0]?.['counties'])[0]?.['schools'])[0] as Json;

let dir: string;
let dataDir: string;
let platform: TestPlatform | undefined;
let admin: ApiUser;
let officer: ApiUser;
/** The file the platform was seeded from: the test province plus an admin. */
let seedDoc: Json;
let changedYaml: string;

function sites(args: string[], env: Record<string, string> = {}) {
  return promisify(execFile)(`${ROOT}node_modules/.bin/tsx`, ['apps/alert-service/src/sites.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', ...env },
    timeout: 120_000,
  });
}

async function post(path: string, user: ApiUser, body: string, type: string) {
  const res = await fetch(`${platform?.base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': type },
    body,
  });
  return { status: res.status, body: (await res.json()) as Json };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'campus-registry-'));
  dataDir = join(dir, 'data');
  const { document } = readSitesFile(await readFile(TEST_SITES_PATH, 'utf8'), 'test province');
  const users = list(document['users']);
  seedDoc = {
    ...document,
    users: [...users, { ...users[0], username: 'root', name: '管理员', role: 'admin', org: '610000' }],
  };
  const seedFile = join(dir, 'sites.yaml');
  await writeFile(seedFile, formatSitesYaml(seedDoc));

  // the three changes: a device's location, a new contact, a user gone
  const changed = structuredClone(seedDoc);
  const device = list(firstSchool(changed)['devices'])[0] as Json;
  device['location'] = { building: '实验楼', floor: 3, room: '物理实验室', use: 'lab' };
  changed['contacts'] = [
    ...list(changed['contacts']),
    { org: '610113', name: '夜班值班', phone: '+8613800000099' },
  ];
  changed['users'] = list(changed['users']).filter((u) => u['username'] !== 'weibin');
  changedYaml = formatSitesYaml(changed);

  platform = await startTestPlatform({ sitesFile: seedFile, env: { DATA_DIR: dataDir } });
  admin = await ApiUser.login(platform.base, 'root');
  officer = await ApiUser.login(platform.base, 'yanta');
}, 180_000);

afterAll(async () => {
  await platform?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the registry through the API', () => {
  it('is for admins only: 403 for an officer on import, export and history', async () => {
    expect((await post('/api/sites/import', officer, changedYaml, 'text/yaml')).status).toBe(403);
    expect((await officer.request('GET', '/api/registry/history')).status).toBe(403);
    const res = await fetch(`${platform?.base}/api/sites/export`, {
      headers: { authorization: `Bearer ${officer.token}` },
    });
    expect(res.status).toBe(403);
  });

  it('exports the seeded registry as a sites file with hashes only', async () => {
    const res = await fetch(`${platform?.base}/api/sites/export`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/yaml/);
    const text = await res.text();
    expect(text).not.toContain('s3cret-smk');
    const exported = parse(text) as Json;
    expect(list(firstSchool(exported)['devices'])[0]?.['secretHash']).toMatch(/^scrypt\$/);
    const history = (await admin.request('GET', '/api/registry/history')).body as { items: Json[] };
    expect(history.items).toEqual([expect.objectContaining({ version: 1, actor: 'system:seed' })]);
  });

  it('refuses an invalid file with the path and reason, changing nothing', async () => {
    const bad = structuredClone(seedDoc);
    (list(firstSchool(bad)['devices'])[0] as Json)['kind'] = 'toaster';
    const res = await post('/api/sites/import?apply=1', admin, formatSitesYaml(bad), 'text/yaml');
    expect(res.status).toBe(400);
    expect(res.body['path']).toBe('cities[0].counties[0].schools[0].devices[0].kind');
    expect(String(res.body['reason'])).toMatch(/device kind/);
    expect(typeof res.body['line']).toBe('number');
    const history = (await admin.request('GET', '/api/registry/history')).body as { items: Json[] };
    expect(history.items.map((h) => h['version'])).toEqual([1]);
  });

  it('answers the diff on a dry run, then applies exactly it as one version', async () => {
    const dry = await post(
      '/api/sites/import',
      admin,
      JSON.stringify({ yaml: changedYaml }),
      'application/json',
    );
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ applied: false, version: 1 });
    const expected = [
      { entity: 'device', key: 'smk-0001', op: 'changed' },
      { entity: 'contact', op: 'added' },
      { entity: 'user', key: 'weibin', op: 'removed' },
    ];
    const ops = (changes: unknown) =>
      list(changes).map((c) => ({
        entity: c['entity'],
        op: c['op'],
        ...(c['entity'] === 'contact' ? {} : { key: c['key'] }),
      }));
    expect(ops(dry.body['changes'])).toEqual(expected);
    expect((await admin.request('GET', '/api/registry/history')).body).toMatchObject({
      items: [{ version: 1 }],
    });

    const done = await post('/api/sites/import?apply=1', admin, changedYaml, 'text/yaml');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ applied: true, version: 2 });
    expect(ops(done.body['changes'])).toEqual(expected);

    const history = (await admin.request('GET', '/api/registry/history')).body as { items: Json[] };
    expect(history.items.map((h) => h['version'])).toEqual([2, 1]);
    expect(history.items[0]).toMatchObject({ actor: 'root' });
    expect(ops(history.items[0]?.['changes'])).toEqual(expected);
    const ofDevice = (await admin.request('GET', '/api/registry/history?entity=device&key=smk-0001'))
      .body as {
      items: Json[];
    };
    expect(ofDevice.items.map((h) => h['version'])).toEqual([2, 1]);

    // every change is audited
    const audit = (await admin.request('GET', '/api/audit?action=config.import')).body as { items: Json[] };
    expect(audit.items).toEqual([
      expect.objectContaining({ action: 'config.import', actor: 'root', target: 'registry:2' }),
    ]);

    // the same file again changes nothing
    const again = await post('/api/sites/import?apply=1', admin, changedYaml, 'text/yaml');
    expect(again.body).toMatchObject({ applied: false, version: 2, changes: [] });
  });
});

describe('the registry from the shell (npm run sites)', () => {
  it('refuses a DATA_DIR held by the running platform, pointing at the API', async () => {
    const run = sites(['diff', join(dir, 'sites.yaml')]);
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/in use by a running platform.*POST \/api\/sites\/import/s),
    });
  }, 60_000);

  it('diffs and imports on the PGlite DATA_DIR once the platform is stopped', async () => {
    await platform?.stop();
    platform = undefined;
    const seedFile = join(dir, 'sites.yaml');
    // the registry holds the API's import: the seed file now undoes those three changes
    const diff = await sites(['diff', seedFile]);
    expect(diff.stdout).toContain('registry version 2');
    expect(diff.stdout).toContain('~ device smk-0001\n');
    expect(diff.stdout).toContain('location.floor: 3 → 2\n');
    expect(diff.stdout).toContain('location.room: 物理实验室 → 化学实验室\n');
    expect(diff.stdout).toContain('+ user weibin');
    expect(diff.stdout).toMatch(/- contact c-[0-9a-f]{10}/);

    await expect(sites(['import', seedFile])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('add --yes'),
    });
    const applied = await sites(['import', seedFile, '--yes']);
    expect(applied.stdout).toContain('applied 3 changes: registry version 3');
    expect((await sites(['diff', seedFile])).stdout).toContain('no changes');

    const exported = join(dir, 'exported.yaml');
    await sites(['export', exported]);
    const back = readSitesFile(await readFile(exported, 'utf8'), 'exported');
    expect(back.sites.users.map((u) => u.username)).toContain('weibin');
    expect(await readFile(exported, 'utf8')).not.toContain('s3cret-smk');
  }, 400_000); // six runs of the command, each a tsx start and a PGlite open
});
