import { describe, expect, it } from 'vitest';
import type { EscalationRepository } from '../db/escalation-repository';
import type { NotificationRepository } from '../db/notification-repository';
import { makeAlert } from '../testing/alert-builder';
import { fixtureSites } from '../testing/escalation-sites.fixture';
import { AlertEscalation } from './alert-escalation';

describe('AlertEscalation.start', () => {
  /** A repository double that stores rows by alert id, as the table's primary key does. */
  function setup() {
    const rows = new Set<string>();
    let statements = 0;
    let pokes = 0;
    const escalations = {
      schedule: async (alertId: string) => {
        statements += 1;
        if (rows.has(alertId)) return false;
        rows.add(alertId);
        return true;
      },
    } as unknown as EscalationRepository;
    const escalation = new AlertEscalation(escalations, {} as NotificationRepository, fixtureSites(), {
      poke: () => void (pokes += 1),
    });
    return { escalation, rows, counts: () => ({ statements, pokes }) };
  }

  it('stores the row once, and a repeat of the alarm costs no further database round', async () => {
    const { escalation, counts } = setup();
    const alert = makeAlert({ id: 'a-1', openedAt: '2026-12-07T02:00:00.000Z' });
    expect(await escalation.start(alert)).toBe(true);
    for (let i = 0; i < 5; i++) expect(await escalation.start(alert)).toBe(false);
    expect(counts()).toEqual({ statements: 1, pokes: 1 });
  });

  it('asks the database for an alert whose row another replica stored', async () => {
    const { escalation, rows, counts } = setup();
    rows.add('a-2'); // scheduled elsewhere
    const alert = makeAlert({ id: 'a-2', openedAt: '2026-12-07T02:00:00.000Z' });
    expect(await escalation.start(alert)).toBe(false);
    expect(await escalation.start(alert)).toBe(false);
    expect(counts()).toEqual({ statements: 1, pokes: 0 });
  });
});
