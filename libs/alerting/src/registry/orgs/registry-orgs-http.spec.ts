import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../db/audit-repository';
import { startAlertingHttp, type AlertingHttp } from '../../testing/alerting-http.fixture';
import { findSchool } from '../transforms/sites-document';
import { locateOrg } from '../transforms/orgs';

/** `POST /api/orgs` and `PATCH /api/orgs/{code}` on the real app with its registry (PGlite). */
const A = '2161010001';
const B = '2161010002';
let t: AlertingHttp;

beforeAll(async () => {
  t = await startAlertingHttp({ registry: true });
});
afterAll(async () => t?.close());

const doc = async () => {
  const { document } = await (t.registry as NonNullable<typeof t.registry>).read();
  if (document === undefined) throw new Error('empty registry');
  return document;
};

describe('POST /api/orgs', () => {
  it('lets the county officer add a school to the county, live at once: its admin can equip it', async () => {
    const res = await t.as('yanta', '/api/orgs', {
      body: {
        level: 'school',
        code: '2161010003',
        name: '雁塔区第三小学',
        parent: '610113',
        hours: { open: '07:30' },
      },
    });
    expect(res.status).toBe(201);
    expect(findSchool(await doc(), '2161010003')).toMatchObject({ county: '610113' });
    const device = await t.as('yanta', '/api/devices', {
      body: { school: '2161010003', id: 'smk-new-school', kind: 'smoke_detector' },
    });
    expect(device.status).toBe(201);
    const entries = await new AuditRepository(t.db).query({ actions: ['registry.org_add'] });
    expect(entries).toMatchObject([
      { actor: 'yanta', target: 'org:2161010003', detail: { level: 'school', parent: '610113' } },
    ]);
  });

  it('answers 400 with the reason, 403 to a school admin, 404 for a parent outside the scope', async () => {
    const wrong = await t.as('yanta', '/api/orgs', {
      body: { level: 'school', code: '610199', name: 'x', parent: '610113' },
    });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toMatch(/a school code has 10 digits/);
    const taken = await t.as('yanta', '/api/orgs', {
      body: { level: 'school', code: A, name: 'x', parent: '610113' },
    });
    expect(taken.status).toBe(400);
    expect(JSON.stringify(taken.body)).toMatch(/taken/);
    expect(
      (
        await t.as('head1', '/api/orgs', {
          body: { level: 'school', code: '2161010004', name: 'x', parent: '610113' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.as('yanta', '/api/orgs', {
          body: { level: 'school', code: '2161010004', name: 'x', parent: '610112' },
        })
      ).status,
    ).toBe(404);
  });
});

describe('PATCH /api/orgs/{code}', () => {
  it('lets a school admin set its own school’s hours and location, nothing else, nowhere else', async () => {
    const res = await t.as('head1', `/api/orgs/${A}`, {
      method: 'PATCH',
      body: { hours: { open: '07:00', close: '19:00' }, location: { lat: 34.22, lng: 108.95 } },
    });
    expect(res.status).toBe(200);
    expect(locateOrg(await doc(), A)?.entry).toMatchObject({ hours: { open: '07:00', close: '19:00' } });
    expect((await t.as('head1', `/api/orgs/${A}`, { method: 'PATCH', body: { name: '改名' } })).status).toBe(
      403,
    );
    expect((await t.as('head1', `/api/orgs/${B}`, { method: 'PATCH', body: { hours: null } })).status).toBe(
      404,
    );
    expect((await t.as('guard1', `/api/orgs/${A}`, { method: 'PATCH', body: { hours: null } })).status).toBe(
      403,
    );
  });

  it('lets the county rename a school, not the county itself; a move needs both counties in scope', async () => {
    expect(
      (await t.as('yanta', `/api/orgs/${A}`, { method: 'PATCH', body: { name: '雁塔区第一实验小学' } }))
        .status,
    ).toBe(200);
    expect((await t.as('yanta', '/api/orgs/610113', { method: 'PATCH', body: { name: 'x' } })).status).toBe(
      403,
    );
    expect(
      (await t.as('yanta', `/api/orgs/${A}`, { method: 'PATCH', body: { county: '610112' } })).status,
    ).toBe(404);
    const moved = await t.as('xian', `/api/orgs/${A}`, { method: 'PATCH', body: { county: '610112' } });
    expect(moved.status).toBe(200);
    expect(findSchool(await doc(), A)?.county).toBe('610112');
    const entries = await new AuditRepository(t.db).query({ actions: ['registry.org_update'] });
    expect(entries.map((e) => [e.actor, e.target])).toEqual(
      expect.arrayContaining([
        ['head1', `org:${A}`],
        ['yanta', `org:${A}`],
        ['xian', `org:${A}`],
      ]),
    );
  });
});
