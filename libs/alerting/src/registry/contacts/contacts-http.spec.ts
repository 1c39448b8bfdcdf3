import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistryContact } from '@campus/api-contract';
import { AuditRepository } from '../../db/audit-repository';
import {
  alertTrigger,
  openedAlert,
  PHONE,
  startAlertingHttp,
  type AlertingHttp,
} from '../../testing/alerting-http.fixture';

/** `/api/contacts` on the real app with its registry (PGlite), the audit log and the Twilio double. */
const A = '2161010001';
let t: AlertingHttp;

beforeAll(async () => {
  t = await startAlertingHttp({ registry: true });
});
afterAll(async () => t?.close());

const contacts = async (user: string, org?: string) => {
  const res = await t.as(user, `/api/contacts${org ? `?org=${org}` : ''}`);
  expect(res.status).toBe(200);
  return (res.body as { items: RegistryContact[] }).items;
};
const countyContact = async () =>
  (await contacts('yanta')).find((c) => c.org === '610113') as RegistryContact;

describe('/api/contacts', () => {
  it('lists the contacts of the caller’s unit and below, with ids; 403 for a guard', async () => {
    const county = await contacts('yanta');
    expect(county.map((c) => c.org).sort()).toEqual(['2161010001', '610113']);
    expect(county.every((c) => /^c-/.test(c.id))).toBe(true);
    expect((await contacts('head1')).map((c) => c.org)).toEqual([A]);
    expect((await t.as('guard1', '/api/contacts')).status).toBe(403);
    expect((await t.as('head1', '/api/contacts?org=610113')).status).toBe(404);
  });

  it('adds a contact with duty hours (201), refuses a bad phone with the reason (400) and another unit (404)', async () => {
    const res = await t.as('head1', '/api/contacts', {
      body: { org: A, name: '夜班保安', phone: '+8613800000031', hours: [{ from: '18:00', to: '08:00' }] },
    });
    expect(res.status).toBe(201);
    const added = res.body as RegistryContact;
    expect(added).toMatchObject({ org: A, name: '夜班保安', hours: [{ from: '18:00', to: '08:00' }] });
    const bad = await t.as('head1', '/api/contacts', { body: { org: A, name: 'x', phone: '13800000031' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/E\.164/);
    expect(
      (await t.as('head1', '/api/contacts', { body: { org: '610113', name: 'x', phone: '+8613800000032' } }))
        .status,
    ).toBe(404);
    const entries = await new AuditRepository(t.db).query({ actions: ['registry.contact_add'] });
    expect(entries).toMatchObject([{ actor: 'head1', org: A, target: `contact:${added.id}` }]);
    expect(JSON.stringify(entries)).not.toContain('+8613800000031');

    expect((await t.as('head2', `/api/contacts/${added.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await t.as('head1', `/api/contacts/${added.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await contacts('head1')).map((c) => c.id)).not.toContain(added.id);
  });

  it('a school admin cannot change the county’s contact (404); another county cannot either', async () => {
    const c = await countyContact();
    expect(
      (await t.as('head1', `/api/contacts/${c.id}`, { method: 'PATCH', body: { name: 'x' } })).status,
    ).toBe(404);
    expect(
      (await t.as('weiyang', `/api/contacts/${c.id}`, { method: 'PATCH', body: { name: 'x' } })).status,
    ).toBe(404);
  });

  it('a phone changed by the county official is the one paged at the next escalation step', async () => {
    const NEW_PHONE = '+8613900000002';
    const alert = await openedAlert(t, alertTrigger({ severity: 'critical' }));
    await t.double.waitFor((r) => r.some((x) => x.to === PHONE.school), 5_000);
    const c = await countyContact();
    const res = await t.as('yanta', `/api/contacts/${c.id}`, { method: 'PATCH', body: { phone: NEW_PHONE } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: c.id, phone: NEW_PHONE });
    // the county step (after 2 s) pages the new number, never the old one
    const requests = await t.double.waitFor((r) => r.some((x) => x.to === NEW_PHONE), 10_000);
    expect(requests.some((x) => x.to === PHONE.county)).toBe(false);
    expect(alert.id).toBeTruthy();
    const entries = await new AuditRepository(t.db).query({ actions: ['registry.contact_update'] });
    expect(entries).toMatchObject([{ actor: 'yanta', org: '610113', detail: { fields: ['phone'] } }]);
  });
});
