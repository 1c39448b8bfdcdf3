import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SCHOOL_B,
  alertTrigger,
  openedAlert,
  startAlertingHttp,
  type AlertingHttp,
} from '../testing/alerting-http.fixture';
import { EscalationRepository } from '../db/escalation-repository';
import type { Drill } from '../domain/drill';

let t: AlertingHttp;
beforeAll(async () => {
  t = await startAlertingHttp();
});
afterAll(() => t.close());

describe('drills over HTTP', () => {
  it('lets a school admin put a device in drill mode: its alerts are drills and page the school only', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const to = new Date(Date.now() + 600_000).toISOString();
    const created = await t.as('head1', '/api/drills', {
      body: { device: 'off-0001', from, to, note: '消防演练' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ device: 'off-0001', from, to, createdBy: 'head1' });
    const listed = (await t.as('yanta', '/api/drills?active=true')).body as { items: Drill[] };
    expect(listed.items.map((d) => d.id)).toContain((created.body as Drill).id);
    const drill = await openedAlert(t, alertTrigger({ device: 'off-0001', severity: 'critical' }));
    expect(drill.drill).toBe(true);
    const steps = (await t.handle.app.get(EscalationRepository).get(drill.id))?.steps ?? [];
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((s) => s.level === 'school')).toBe(true);
    const other = await openedAlert(t, alertTrigger({ device: 'smk-0001' }));
    expect(other.drill).toBe(false);
    for (const a of [drill, other]) await t.as('guard1', `/api/alerts/${a.id}/ack`, { body: {} });
  });

  it('refuses bad windows and bodies with 400, other roles with 403, other schools with 404', async () => {
    const from = new Date().toISOString();
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(
      (await t.as('head1', '/api/drills', { body: { school: '2161010001', from: later, to: from } })).status,
    ).toBe(400);
    expect((await t.as('head1', '/api/drills', { body: { from, to: later } })).status).toBe(400);
    expect(
      (
        await t.as('head1', '/api/drills', {
          body: { school: '2161010001', device: 'smk-0001', from, to: later },
        })
      ).status,
    ).toBe(400);
    expect(
      (await t.as('head1', '/api/drills', { body: { school: '2161010001', from: 'soon', to: later } }))
        .status,
    ).toBe(400);
    expect(
      (await t.as('guard1', '/api/drills', { body: { school: '2161010001', from, to: later } })).status,
    ).toBe(403);
    expect(
      (await t.as('head1', '/api/drills', { body: { school: SCHOOL_B.school, from, to: later } })).status,
    ).toBe(404);
    expect(
      (await t.as('head1', '/api/drills', { body: { device: 'smk-0002', from, to: later } })).status,
    ).toBe(404);
    expect(
      (await t.as('head1', '/api/drills', { body: { device: 'no-such', from, to: later } })).status,
    ).toBe(404);
    const ok = await t.as('root', '/api/drills', {
      body: { school: SCHOOL_B.school, from: Date.now(), to: Date.now() + 1000 },
    });
    expect(ok.status).toBe(201);
  });
});
