import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedUser, RegistryUser } from '@campus/api-contract';
import { waitFor } from '@campus/test-kit';
import { AuditRepository } from '../../db/audit-repository';
import { startAlertingHttp, type AlertingHttp } from '../../testing/alerting-http.fixture';
import { call } from '../../testing/test-app.fixture';

/** `/api/users` with the registry (PGlite): scoped, never above one's own role, initial password once. */
const A = '2161010001';
const B = '2161010002';
let t: AlertingHttp;

beforeAll(async () => {
  t = await startAlertingHttp({ registry: true });
});
afterAll(async () => t?.close());

describe('/api/users', () => {
  it('a school admin creates a guard of the school: the generated password is returned once and signs in', async () => {
    const res = await t.as('head1', '/api/users', {
      body: { username: 'guard9', name: '夜班保安', role: 'school_security', org: A },
    });
    expect(res.status).toBe(201);
    const created = res.body as CreatedUser;
    expect(created.user).toEqual({ username: 'guard9', name: '夜班保安', role: 'school_security', org: A });
    expect(created.initialPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const login = await waitFor(
      async () => {
        const r = await call(`${t.url}/api/auth/login`, {
          body: { username: 'guard9', password: created.initialPassword },
        });
        return r.status === 200 ? r : undefined;
      },
      { what: 'the new user signing in with the initial password', timeoutMs: 5_000 },
    );
    expect(login.body).toMatchObject({ user: { username: 'guard9', role: 'school_security', org: A } });
    expect(
      JSON.stringify(await new AuditRepository(t.db).query({ actions: ['registry.user_add'] })),
    ).not.toContain(created.initialPassword ?? '-');
  });

  it('never gives a role above one’s own (403), nor outside the scope (404); a guard manages nobody (403)', async () => {
    expect(
      (await t.as('head1', '/api/users', { body: { username: 'x1', role: 'county_officer', org: A } }))
        .status,
    ).toBe(403);
    expect(
      (await t.as('head1', '/api/users', { body: { username: 'x2', role: 'school_staff', org: B } })).status,
    ).toBe(404);
    expect(
      (await t.as('guard1', '/api/users', { body: { username: 'x3', role: 'school_staff', org: A } })).status,
    ).toBe(403);
    expect(
      (await t.as('yanta', '/api/users', { body: { username: 'x4', role: 'city_officer', org: '610113' } }))
        .status,
    ).toBe(403);
    const weak = await t.as('head1', '/api/users', {
      body: { username: 'x5', role: 'school_staff', org: A, password: 'short' },
    });
    expect(weak.status).toBe(400);
    expect(JSON.stringify(weak.body)).toMatch(/password/);
  });

  it('lists the users of the unit and below; edits within the scope and rank only', async () => {
    const list = await t.as('yanta', '/api/users');
    expect((list.body as { items: RegistryUser[] }).items.map((u) => u.username)).toEqual(
      expect.arrayContaining(['guard1', 'head1', 'yanta', 'guard9']),
    );
    expect((list.body as { items: RegistryUser[] }).items.map((u) => u.username)).not.toContain('guard2');
    const res = await t.as('head1', '/api/users/guard9', { method: 'PATCH', body: { role: 'school_staff' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'guard9', role: 'school_staff' });
    expect((await t.as('head1', '/api/users/yanta', { method: 'PATCH', body: { name: 'x' } })).status).toBe(
      404,
    );
    expect((await t.as('head2', '/api/users/guard9', { method: 'PATCH', body: { name: 'x' } })).status).toBe(
      404,
    );
    expect(
      (await t.as('yanta', '/api/users/head1', { method: 'PATCH', body: { role: 'city_officer' } })).status,
    ).toBe(403);
    expect(
      (await t.as('head1', '/api/users/head1', { method: 'PATCH', body: { role: 'school_staff' } })).status,
    ).toBe(403);
    const entries = await new AuditRepository(t.db).query({ actions: ['registry.user_update'] });
    expect(entries).toMatchObject([
      { actor: 'head1', target: 'user:guard9', detail: { role: 'school_staff' } },
    ]);
  });
});
