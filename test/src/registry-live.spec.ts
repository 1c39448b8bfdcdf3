import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { ProvisionedDevice, RegistryContact } from '@campus/api-contract';
import { waitFor } from '@campus/test-kit';
import { ApiUser } from './testing/api-client';
import { connectDevice, whenClosed } from './testing/device-client';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A, SCHOOL_B, TEST_SITES_PATH } from './testing/test-sites';

const run = promisify(execFile);

/**
 * The registry managed through the API on the running one-box platform (docs/registry.md,
 * "Managing through the API and the dashboard"): no restart anywhere.
 */
describe('registry API on the running platform', () => {
  let platform: TestPlatform;
  let dir: string;
  let head: ApiUser;

  beforeAll(async () => {
    // the test province with a school admin for school A
    dir = await mkdtemp(join(tmpdir(), 'campus-registry-api-'));
    const doc = parse(await readFile(TEST_SITES_PATH, 'utf8')) as { users: Record<string, unknown>[] };
    doc.users.push({
      username: 'head1',
      name: '王芳',
      password: 'head1-registry-pass',
      role: 'school_admin',
      org: SCHOOL_A,
    });
    const sitesFile = join(dir, 'sites.yaml');
    await writeFile(sitesFile, stringify(doc));
    platform = await startTestPlatform({ sitesFile });
    head = await ApiUser.login(platform.base, 'head1', 'head1-registry-pass');
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('a smoke detector added by the school admin connects with its new secret at once, and its smoke opens an alert', async () => {
    const added = await head.request('POST', '/api/devices', {
      school: SCHOOL_A,
      id: 'smk-api-1',
      kind: 'smoke_detector',
      location: { building: '实验楼', floor: 3, room: '物理实验室', use: 'lab' },
      risk: 'orange',
    });
    expect(added.status).toBe(201);
    const p = added.body as ProvisionedDevice;
    expect(p.secret).toMatch(/^[A-Za-z0-9_-]{32}$/);

    // the installer's test line, as given, against the running broker
    const line = p.connection?.mosquittoPub ?? '';
    expect(line).toContain(`-p ${new URL(platform.mqttUrl).port}`);
    await run('/bin/sh', ['-c', line.replace(/^mosquitto_pub /, '/usr/bin/mosquitto_pub -V mqttv311 ')], {
      timeout: 15_000,
    });

    const started = Date.now();
    const device = await waitFor(
      async () =>
        connectDevice(platform.mqttUrl, 'smk-api-1', { password: p.secret ?? '' }).catch(() => undefined),
      { what: 'the new device connecting with its secret', timeoutMs: 5_000 },
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    await device.publishAsync(`campus/v1/${SCHOOL_A}/smk-api-1/event`, JSON.stringify({ type: 'smoke' }), {
      qos: 1,
    });
    const alert = await waitFor(
      async () => {
        const { body } = await head.request('GET', '/api/alerts?status=open');
        return (body as { items: { device: string; type: string }[] }).items.find(
          (a) => a.device === 'smk-api-1',
        );
      },
      { what: 'the alert of the new device' },
    );
    expect(alert).toMatchObject({ type: 'smoke', device: 'smk-api-1' });
    await device.endAsync();
  });

  it('a retired device is disconnected and refused', async () => {
    const added = await head.request('POST', '/api/devices', {
      school: SCHOOL_A,
      id: 'smk-api-2',
      kind: 'smoke_detector',
    });
    const secret = (added.body as ProvisionedDevice).secret ?? '';
    const device = await waitFor(
      async () => connectDevice(platform.mqttUrl, 'smk-api-2', { password: secret }).catch(() => undefined),
      { what: 'the second device connecting', timeoutMs: 5_000 },
    );
    const closed = whenClosed(device, 10_000);
    expect((await head.request('DELETE', '/api/devices/smk-api-2')).status).toBe(204);
    await closed;
    await expect(connectDevice(platform.mqttUrl, 'smk-api-2', { password: secret })).rejects.toThrow();
  });

  it("a contact's phone changed by the county official is the one paged by the next escalation step", async () => {
    const NEW_PHONE = '+8613900000002';
    const yanta = await ApiUser.login(platform.base, 'yanta');
    const { body } = await yanta.request('GET', '/api/contacts?org=610113');
    const county = (body as { items: RegistryContact[] }).items.find((c) => c.org === '610113');
    expect(county).toBeDefined();
    const before = platform.twilio.requests.length;
    const device = await connectDevice(platform.mqttUrl, 'smk-0001');
    await device.publishAsync(`campus/v1/${SCHOOL_A}/smk-0001/event`, JSON.stringify({ type: 'fire' }), {
      qos: 1,
    });
    await device.endAsync();
    // the school is paged at once; the county 4 s later (test province): change its phone in between
    await platform.twilio.waitFor((r) => r.slice(before).some((x) => x.to === '+8613800000001'), 10_000);
    const changed = await yanta.request('PATCH', `/api/contacts/${county?.id ?? ''}`, { phone: NEW_PHONE });
    expect(changed.status).toBe(200);
    await platform.twilio.waitFor((r) => r.slice(before).some((x) => x.to === NEW_PHONE), 15_000);
  });

  it('a school admin cannot touch another school (404), a guard cannot manage devices (403)', async () => {
    const other = await head.request('POST', '/api/devices', {
      school: SCHOOL_B,
      id: 'smk-api-3',
      kind: 'smoke_detector',
    });
    expect(other.status).toBe(404);
    expect((await head.request('PATCH', '/api/devices/smk-0101', { risk: 'red' })).status).toBe(404);
    const guard = await ApiUser.login(platform.base, 'school1');
    expect(
      (
        await guard.request('POST', '/api/devices', {
          school: SCHOOL_A,
          id: 'smk-api-4',
          kind: 'smoke_detector',
        })
      ).status,
    ).toBe(403);
  });
});
