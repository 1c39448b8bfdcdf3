import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@campus/test-kit';
import {
  PHONE,
  SCHOOL_A,
  alertTrigger,
  openedAlert,
  startAlertingHttp,
  type AlertingHttp,
} from '../testing/alerting-http.fixture';
import { AlertRepository } from '../db/alert-repository';
import { EscalationRepository } from '../db/escalation-repository';
import type { Drill } from '../domain/drill';

/**
 * Drills are bounded (DRILL_MAX_HOURS) and can be ended: while one is on, the school's alerts page
 * the school only (the drill's whole point); once it ends, an alert pages the county again.
 * The fixture's critical policy pages the county after 2 s.
 */

const HOUR = 3_600_000;
let t: AlertingHttp;
beforeAll(async () => {
  t = await startAlertingHttp();
});
afterAll(() => t.close());

const drillBody = (from: number, to: number) => ({ school: SCHOOL_A.school, from, to });

describe('a drill longer than DRILL_MAX_HOURS (default 24 h)', () => {
  it('is refused with 400 and a message that says the limit; 24 h exactly is fine', async () => {
    const now = Date.now();
    const tenYears = await t.as('head1', '/api/drills', { body: drillBody(now, now + 10 * 365 * 24 * HOUR) });
    expect(tenYears.status).toBe(400);
    expect((tenYears.body as { error: string }).error).toMatch(
      /^a drill may last at most 24 h \(DRILL_MAX_HOURS\) and this one would last 87600 h/,
    );
    const day = await t.as('root', '/api/drills', {
      body: drillBody(now + 100 * 24 * HOUR, now + 101 * 24 * HOUR),
    });
    expect(day.status).toBe(201);
    const longer = await t.as('root', '/api/drills', {
      body: drillBody(now + 200 * 24 * HOUR, now + 201 * 24 * HOUR + 1),
    });
    expect(longer.status).toBe(400);
  });

  it('follows DRILL_MAX_HOURS', async () => {
    const short = await startAlertingHttp({ env: { DRILL_MAX_HOURS: '1' } });
    try {
      const now = Date.now();
      const two = await short.as('head1', '/api/drills', { body: drillBody(now, now + 2 * HOUR) });
      expect(two.status).toBe(400);
      expect((two.body as { error: string }).error).toMatch(/^a drill may last at most 1 h/);
      expect((await short.as('head1', '/api/drills', { body: drillBody(now, now + HOUR) })).status).toBe(201);
    } finally {
      await short.close();
    }
  });
});

describe('POST /api/drills/{id}/end', () => {
  it('ends the drill: the next alert is no drill and pages the county again', async () => {
    const created = await t.as('head1', '/api/drills', {
      body: drillBody(Date.now() - 60_000, Date.now() + HOUR),
    });
    expect(created.status).toBe(201);
    const drill = created.body as Drill;

    // during the drill: marked, and its escalation has school steps only
    const during = await openedAlert(t, alertTrigger({ severity: 'critical', device: 'smk-0001' }));
    expect(during.drill).toBe(true);
    const steps = (await t.handle.app.get(EscalationRepository).get(during.id))?.steps ?? [];
    expect(steps.map((s) => s.level)).toEqual(['school']);
    await t.as('guard1', `/api/alerts/${during.id}/ack`, { body: {} });

    const ended = await t.as('head1', `/api/drills/${drill.id}/end`, { method: 'POST' });
    expect(ended.status).toBe(200);
    const endedDrill = ended.body as Drill;
    expect(endedDrill.id).toBe(drill.id);
    expect(Date.parse(endedDrill.to)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(endedDrill.to)).toBeLessThan(Date.parse(drill.to));
    const active = (await t.as('yanta', '/api/drills?active=true')).body as { items: Drill[] };
    expect(active.items.map((d) => d.id)).not.toContain(drill.id);

    // after it: a normal alert, and the county is paged for it
    const since = Date.now();
    const after = await openedAlert(t, alertTrigger({ severity: 'critical', device: 'smk-0001' }));
    expect(after.drill).toBe(false);
    const repo = t.handle.app.get(AlertRepository);
    await waitFor(() => t.double.requests.some((r) => r.to === PHONE.county && r.at.getTime() >= since), {
      timeoutMs: 15_000,
    });
    const level = await waitFor(
      async () => {
        const now = (await repo.get(after.id))?.level;
        return now === 'school' ? undefined : now;
      },
      { timeoutMs: 5_000, intervalMs: 20 },
    );
    expect(level).toBe('county');
    await t.as('guard1', `/api/alerts/${after.id}/ack`, { body: {} });
  });

  it('403 without drill_mode.set, 404 outside the scope or unknown, 409 once over', async () => {
    const drill = (
      await t.as('head1', '/api/drills', { body: drillBody(Date.now() + HOUR, Date.now() + 2 * HOUR) })
    ).body as Drill;
    const end = (user: string, id = drill.id) => t.as(user, `/api/drills/${id}/end`, { method: 'POST' });
    expect((await end('guard1')).status).toBe(403);
    expect((await end('yanta')).status).toBe(403);
    expect((await end('head2')).status).toBe(404);
    expect((await end('head1', 'no-such-drill')).status).toBe(404);
    // not started yet: ending cancels it
    const cancelled = await end('root');
    expect(cancelled.status).toBe(200);
    expect(Date.parse((cancelled.body as Drill).to) - Date.parse(drill.from)).toBe(1);
    const again = await end('head1');
    expect(again.status).toBe(409);
    expect((again.body as { error: string }).error).toMatch(/^the drill is over already: it ended at /);
  });
});
