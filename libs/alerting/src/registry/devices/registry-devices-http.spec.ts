import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DeviceEnrolment,
  DeviceImportReport,
  ProvisionedDevice,
  RegistryDevice,
} from '@campus/api-contract';
import { verifySecret } from '@campus/device-protocols';
import { AuditRepository } from '../../db/audit-repository';
import type { AuditAction } from '../../domain/audit';
import { startAlertingHttp, type AlertingHttp } from '../../testing/alerting-http.fixture';
import { findDevice } from '../transforms/sites-document';
import type { SqlRegistryStore } from '../sql-registry-store';

/** The registry's device API on the real app (PGlite, audit log), over HTTP. */
const A = '2161010001';
const B = '2161010002';
let t: AlertingHttp;
let registry: SqlRegistryStore;

beforeAll(async () => {
  t = await startAlertingHttp({
    registry: true,
    publicUrl: 'https://campus.example.cn',
    env: { MQTT_PORT: '1884' },
  });
  if (t.registry === undefined) throw new Error('the test app has no registry');
  registry = t.registry;
});
afterAll(async () => t?.close());

/** The error message and, for a refused body, each issue's message. */
const errorOf = (body: unknown): string => {
  const b = body as { error?: string; details?: { message?: string }[] };
  return [b.error ?? '', ...(b.details ?? []).map((d) => d.message ?? '')].join('; ');
};

async function storedDevice(id: string) {
  const { document } = await registry.read();
  return document === undefined ? undefined : findDevice(document, id)?.entry;
}

async function audited(action: AuditAction, target: string) {
  return (await new AuditRepository(t.db).query({ actions: [action] })).filter((e) => e.target === target);
}

async function csvImport(user: string, school: string, csv: string, apply = false, type = 'text/csv') {
  const res = await fetch(`${t.url}/api/schools/${school}/devices/import${apply ? '?apply=1' : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await t.token(user)}`, 'content-type': type },
    body: csv,
  });
  return { status: res.status, body: (await res.json()) as DeviceImportReport & { message?: string } };
}

describe('POST /api/devices', () => {
  it('adds a device for a school admin: 201 with the secret once, the mosquitto_pub line and a QR code', async () => {
    const res = await t.as('head1', '/api/devices', {
      body: {
        school: A,
        id: 'smk-new-1',
        kind: 'smoke_detector',
        risk: 'red',
        location: { building: '实验楼', floor: 3, use: 'lab' },
      },
    });
    expect(res.status).toBe(201);
    const p = res.body as ProvisionedDevice;
    expect(p.device).toMatchObject({
      id: 'smk-new-1',
      school: A,
      kind: 'smoke_detector',
      risk: 'red',
      hasSecret: true,
    });
    expect(p.secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(p.connection).toMatchObject({
      host: 'campus.example.cn',
      port: 1884,
      username: 'smk-new-1',
      password: p.secret,
    });
    expect(p.connection?.mosquittoPub).toContain(`-P '${p.secret}'`);
    expect(p.connection?.mosquittoPub).toContain(`-t 'campus/v1/${A}/smk-new-1/status'`);
    expect(p.connection?.qrSvg).toMatch(/^<svg/);

    const stored = await storedDevice('smk-new-1');
    expect(stored?.['secret']).toBeUndefined();
    expect(verifySecret(p.secret ?? '', { secretHash: String(stored?.['secretHash']) })).toBe(true);
    expect(await audited('registry.device_add', 'device:smk-new-1')).toMatchObject([
      { actor: 'head1', org: A, outcome: 'ok', detail: { kind: 'smoke_detector' } },
    ]);
  });

  it('lists the school’s devices without credentials', async () => {
    const res = await t.as('guard1', `/api/devices/registry?school=${A}`);
    expect(res.status).toBe(200);
    const items = (res.body as { items: RegistryDevice[] }).items;
    expect(items.map((d) => d.id)).toContain('smk-new-1');
    expect(JSON.stringify(items)).not.toMatch(/secret"|scrypt/);
  });

  it('answers 400 with the reason for a bad kind or a taken id', async () => {
    const bad = await t.as('head1', '/api/devices', { body: { school: A, id: 'x-1', kind: 'toaster' } });
    expect(bad.status).toBe(400);
    expect(errorOf(bad.body)).toMatch(/kind must be one of/);
    const taken = await t.as('head1', '/api/devices', {
      body: { school: A, id: 'smk-0002', kind: 'smoke_detector' },
    });
    expect(taken.status).toBe(400);
    expect(errorOf(taken.body)).toMatch(/"smk-0002" is taken by a device of school 2161010002/);
    const noBridge = await t.as('head1', '/api/devices', {
      body: { school: A, id: 'door-x', kind: 'door_contact', via: { bridge: 'no-such', name: 'door_x' } },
    });
    expect(noBridge.status).toBe(400);
    expect(errorOf(noBridge.body)).toMatch(/no-such/);
  });

  it('answers 403 to a guard and 404 to another school’s admin or county', async () => {
    const body = { school: A, id: 'smk-new-2', kind: 'smoke_detector' };
    expect((await t.as('guard1', '/api/devices', { body })).status).toBe(403);
    expect((await t.as('head2', '/api/devices', { body })).status).toBe(404);
    expect((await t.as('weiyang', '/api/devices', { body })).status).toBe(404);
    expect(await storedDevice('smk-new-2')).toBeUndefined();
    const denied = await new AuditRepository(t.db).query({ actions: ['access.denied'], actor: 'head2' });
    expect(denied.length).toBeGreaterThan(0);
  });

  it('lets the county officer add a device to a school of the county', async () => {
    const res = await t.as('yanta', '/api/devices', {
      body: { school: A, id: 'heat-new-1', kind: 'heat_detector' },
    });
    expect(res.status).toBe(201);
  });
});

describe('PATCH, DELETE and rotate', () => {
  it('changes a device’s location and risk, null removing one, and audits the fields', async () => {
    const res = await t.as('head1', '/api/devices/smk-0001', {
      method: 'PATCH',
      body: { risk: null, location: { building: '新实验楼', floor: 1, room: '101', use: 'lab' } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: 'smk-0001',
      risk: null,
      location: { building: '新实验楼', room: '101' },
    });
    expect((await storedDevice('smk-0001'))?.['risk']).toBeUndefined();
    expect(await audited('registry.device_update', 'device:smk-0001')).toMatchObject([
      { actor: 'head1', detail: { fields: expect.arrayContaining(['risk', 'location']) } },
    ]);
  });

  it('answers 400 for an empty patch, 404 for another school’s device', async () => {
    const empty = await t.as('head1', '/api/devices/smk-0001', { method: 'PATCH', body: {} });
    expect(empty.status).toBe(400);
    expect(errorOf(empty.body)).toMatch(/nothing to change/);
    expect(
      (await t.as('head2', '/api/devices/smk-0001', { method: 'PATCH', body: { risk: 'blue' } })).status,
    ).toBe(404);
    expect(
      (await t.as('head1', '/api/devices/no-such', { method: 'PATCH', body: { risk: 'blue' } })).status,
    ).toBe(404);
  });

  it('rotates a secret: the new one verifies, the old one no longer', async () => {
    const before = String((await storedDevice('smk-new-1'))?.['secretHash']);
    const res = await t.as('head1', '/api/devices/smk-new-1/secret', { method: 'POST' });
    expect(res.status).toBe(200);
    const p = res.body as ProvisionedDevice;
    const after = String((await storedDevice('smk-new-1'))?.['secretHash']);
    expect(after).not.toBe(before);
    expect(verifySecret(p.secret ?? '', { secretHash: after })).toBe(true);
    expect(verifySecret(p.secret ?? '', { secretHash: before })).toBe(false);
    expect(await audited('registry.device_secret_rotate', 'device:smk-new-1')).toHaveLength(1);
    expect((await t.as('guard1', '/api/devices/smk-new-1/secret', { method: 'POST' })).status).toBe(403);
    expect((await t.as('head2', '/api/devices/smk-new-1/secret', { method: 'POST' })).status).toBe(404);
  });

  it('retires a device: 204, gone from the registry, audited; 404 outside the scope', async () => {
    expect((await t.as('head2', '/api/devices/heat-new-1', { method: 'DELETE' })).status).toBe(404);
    expect((await t.as('guard1', '/api/devices/heat-new-1', { method: 'DELETE' })).status).toBe(403);
    const res = await t.as('head1', '/api/devices/heat-new-1', { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await storedDevice('heat-new-1')).toBeUndefined();
    expect(await audited('registry.device_retire', 'device:heat-new-1')).toMatchObject([
      { actor: 'head1', org: A },
    ]);
    expect((await t.as('head1', '/api/devices/heat-new-1', { method: 'DELETE' })).status).toBe(404);
  });
});

describe('POST /api/schools/{code}/devices/import', () => {
  const csv =
    'id,kind,building,floor,room,use,risk\nsmk-imp-1,smoke_detector,教学楼,1,101,classroom,yellow\nsmk-0002,smoke_detector\nsmk-imp-2,gas_detector,食堂,1,,canteen,orange\n';

  it('dry-runs by default: a per-row report, nothing written', async () => {
    const res = await csvImport('head1', A, csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ applied: false, accepted: 2, refused: 1, secretsCsv: null });
    expect(res.body.rows).toMatchObject([
      { row: 2, id: 'smk-imp-1', ok: true },
      { row: 3, id: 'smk-0002', ok: false, reason: expect.stringMatching(/taken/) },
      { row: 4, id: 'smk-imp-2', ok: true },
    ]);
    expect(await storedDevice('smk-imp-1')).toBeUndefined();
  });

  it('applies the accepted rows in one change and returns their secrets once', async () => {
    const versionBefore = (await registry.read()).version;
    const res = await csvImport('head1', A, csv, true);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ applied: true, accepted: 2, refused: 1 });
    expect((await registry.read()).version).toBe(versionBefore + 1);
    const lines = (res.body.secretsCsv ?? '').trim().split('\n');
    expect(lines[0]).toBe('id,secret');
    const [id, secret] = (lines[1] ?? '').split(',');
    expect(id).toBe('smk-imp-1');
    expect(
      verifySecret(secret ?? '', { secretHash: String((await storedDevice('smk-imp-1'))?.['secretHash']) }),
    ).toBe(true);
    expect(await audited('registry.device_import', `school:${A}`)).toMatchObject([
      { actor: 'head1', detail: { added: ['smk-imp-1', 'smk-imp-2'], refused: 1 } },
    ]);
  });

  it('refuses a bad file with the reason, another school with 404, a guard with 403', async () => {
    const unknown = await csvImport('head1', A, 'id,kind,colour\n');
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown.body)).toMatch(/unknown column "colour"/);
    const json = await csvImport('head1', A, '{}', false, 'application/json');
    expect(json.status).toBe(400);
    expect(errorOf(json.body)).toMatch(/text\/csv/);
    expect((await csvImport('head1', B, csv)).status).toBe(404);
    expect((await csvImport('guard1', A, csv)).status).toBe(403);
  });
});

describe('enrolment by one-time code', () => {
  const enrol = (code: string) =>
    fetch(`${t.url}/api/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as ProvisionedDevice & { error?: string },
    }));

  it('issues a code valid 24 h that the device exchanges once, without an account, for a new secret', async () => {
    const issued = await t.as('head1', '/api/devices/smk-imp-2/enrolment', { method: 'POST' });
    expect(issued.status).toBe(201);
    const { code, expiresAt } = issued.body as DeviceEnrolment;
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);

    const first = await enrol(code.toLowerCase().replace('-', ' '));
    expect(first.status).toBe(200);
    expect(first.body.device.id).toBe('smk-imp-2');
    expect(first.body.connection?.mosquittoPub).toContain(`-P '${first.body.secret}'`);
    const hash = String((await storedDevice('smk-imp-2'))?.['secretHash']);
    expect(verifySecret(first.body.secret ?? '', { secretHash: hash })).toBe(true);
    expect(await audited('registry.device_enrolment', 'device:smk-imp-2')).toMatchObject([
      { actor: 'head1' },
    ]);
    expect(await audited('registry.device_enrol', 'device:smk-imp-2')).toMatchObject([
      { actor: 'smk-imp-2', detail: { issuedBy: 'head1' } },
    ]);

    const again = await enrol(code);
    expect(again.status).toBe(404);
    expect(again.body.error).toMatch(/unknown, used or expired/);
  });

  it('answers 403/404 for issuing outside the permission or scope', async () => {
    expect((await t.as('guard1', '/api/devices/smk-imp-2/enrolment', { method: 'POST' })).status).toBe(403);
    expect((await t.as('head2', '/api/devices/smk-imp-2/enrolment', { method: 'POST' })).status).toBe(404);
  });

  it('limits guesses like logins: 429 after repeated failures from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i += 1)
      statuses.push((await enrol(`ZZZZZ-ZZZ${String(i).padStart(2, '0')}`)).status);
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(statuses).toContain(429);
  });
});
