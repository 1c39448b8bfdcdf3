import { describe, expect, it } from 'vitest';
import { AlertRepository } from '../../db/alert-repository';
import type { Database } from '../../db/database';
import { HazardRepository } from '../../db/hazard-repository';
import { SupervisionRepository, type NewUrge } from '../../db/supervision-repository';
import { alertTrigger, FAR, hazardTrigger, iso, NEIGHBOUR, ORG, T0 } from './rows.fixture';

const MIN = 60_000;

export function supervisionContract(db: () => Database): void {
  const repo = () => new SupervisionRepository(db());
  const urgeOf = (targetId: string, over: Partial<NewUrge> = {}): NewUrge => ({
    target: 'alert',
    targetId,
    subject: 'smoke',
    org: ORG,
    by: 'yanta',
    byOrg: ORG.county,
    byLevel: 'county',
    message: '请速处置',
    at: T0,
    ...over,
  });

  describe('SupervisionRepository: urges', () => {
    it('stores an urge, and refuses the same official’s next one within the interval', async () => {
      const first = await repo().urge(urgeOf('a-1'), T0 - 5 * MIN);
      expect(first).toEqual({
        ok: true,
        urge: {
          id: expect.any(String),
          target: 'alert',
          targetId: 'a-1',
          subject: 'smoke',
          ...ORG,
          schoolName: null,
          by: 'yanta',
          byOrg: ORG.county,
          byLevel: 'county',
          message: '请速处置',
          at: iso(T0),
          dismissedBy: null,
          dismissedAt: null,
        },
      });
      const again = await repo().urge(urgeOf('a-1', { at: T0 + MIN }), T0 + MIN - 5 * MIN);
      expect(again).toEqual({ ok: false, lastAt: iso(T0) });
      // another official, or another alert: not limited
      expect((await repo().urge(urgeOf('a-1', { by: 'xian', at: T0 + MIN }), T0 - 4 * MIN)).ok).toBe(true);
      expect((await repo().urge(urgeOf('a-2', { at: T0 + MIN }), T0 - 4 * MIN)).ok).toBe(true);
      // five minutes later: allowed again
      expect((await repo().urge(urgeOf('a-1', { at: T0 + 5 * MIN }), T0)).ok).toBe(true);
    });

    it('lists active urges: not dismissed, alert still open or hazard unclosed; dismisses once', async () => {
      const alerts = new AlertRepository(db());
      const { alert } = await alerts.openOrOccur(alertTrigger(), { drill: false });
      const { hazard } = await new HazardRepository(db()).registerOrTouch(hazardTrigger(), T0 - 1);
      const a = await repo().urge(urgeOf(alert.id), T0 - 5 * MIN);
      const h = await repo().urge(
        urgeOf(hazard.id, { target: 'hazard', subject: hazard.title, message: undefined }),
        T0 - 5 * MIN,
      );
      await repo().urge(urgeOf('other', { org: FAR }), T0 - 5 * MIN);
      if (!a.ok || !h.ok) throw new Error('urges refused');
      expect(h.urge.message).toBeNull();
      const active = async (unit: string) =>
        (await repo().listUrges({ orgUnit: unit, active: true, limit: 10 })).map((u) => u.id).sort();
      expect(await active(ORG.county)).toEqual([a.urge.id, h.urge.id].sort());
      expect(await active(NEIGHBOUR.county)).toEqual([]);
      expect(await repo().listUrges({ orgUnit: ORG.province, limit: 10 })).toHaveLength(3);

      const dismissed = await repo().dismissUrge(h.urge.id, 'school1', T0 + MIN);
      expect(dismissed).toMatchObject({ dismissedBy: 'school1', dismissedAt: iso(T0 + MIN) });
      const twice = await repo().dismissUrge(h.urge.id, 'other', T0 + 2 * MIN);
      expect(twice).toMatchObject({ dismissedBy: 'school1', dismissedAt: iso(T0 + MIN) });
      expect(await repo().dismissUrge('nope', 'x', T0)).toBeUndefined();
      expect(await active(ORG.school)).toEqual([a.urge.id]);

      await alerts.acknowledge(alert.id, 'school1', undefined, T0 + MIN);
      expect(await active(ORG.school)).toEqual([]);
      // urged again after the acknowledgement (to get it resolved): shown until resolved
      const later = await repo().urge(urgeOf(alert.id, { at: T0 + 10 * MIN }), T0 + 5 * MIN);
      if (!later.ok) throw new Error('urge refused');
      expect(await active(ORG.school)).toEqual([later.urge.id]);
      await alerts.resolve(alert.id, 'school1', 'genuine', undefined, T0 + 11 * MIN);
      expect(await active(ORG.school)).toEqual([]);
    });
  });

  describe('SupervisionRepository: roll-calls', () => {
    const start = (deadline = T0 + 10 * MIN) =>
      repo().createRollCall({
        startedBy: 'yanta',
        startedByOrg: ORG.county,
        startedByLevel: 'county',
        startedAt: T0,
        deadline,
        schools: [ORG, NEIGHBOUR],
      });

    it('creates a roll-call with a pending line per school', async () => {
      const rc = await start();
      expect(rc).toEqual({
        id: expect.any(String),
        startedBy: 'yanta',
        startedByOrg: ORG.county,
        startedByLevel: 'county',
        startedAt: iso(T0),
        deadline: iso(T0 + 10 * MIN),
        closedAt: null,
        schools: [ORG, NEIGHBOUR]
          .map((o) => ({
            school: o.school,
            county: o.county,
            name: null,
            status: 'pending',
            answeredBy: null,
            answeredAt: null,
          }))
          .sort((x, y) => x.school.localeCompare(y.school)),
      });
      expect(await repo().getRollCall(rc.id)).toEqual(rc);
      expect((await repo().listRollCalls({ orgUnit: NEIGHBOUR.county, limit: 10 })).map((r) => r.id)).toEqual(
        [rc.id],
      );
      expect(await repo().listRollCalls({ orgUnit: FAR.county, limit: 10 })).toEqual([]);
      expect(await repo().listRollCalls({ orgUnit: ORG.province, open: false, limit: 10 })).toEqual([]);
    });

    it('takes an answer once, before the deadline only', async () => {
      const rc = await start();
      const answered = await repo().answer(rc.id, ORG.school, 'school1', T0 + MIN);
      expect(answered.ok).toBe(true);
      if (answered.ok) {
        expect(answered.rollCall.schools.find((s) => s.school === ORG.school)).toMatchObject({
          status: 'answered',
          answeredBy: 'school1',
          answeredAt: iso(T0 + MIN),
        });
      }
      expect(await repo().answer(rc.id, ORG.school, 'other', T0 + 2 * MIN)).toEqual({
        ok: false,
        reason: 'answered',
        by: 'school1',
        at: iso(T0 + MIN),
      });
      expect(await repo().answer(rc.id, NEIGHBOUR.school, 'g', T0 + 10 * MIN)).toEqual({
        ok: false,
        reason: 'closed',
        deadline: iso(T0 + 10 * MIN),
      });
      expect(await repo().answer(rc.id, FAR.school, 'g', T0 + MIN)).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect(await repo().answer('nope', ORG.school, 'g', T0 + MIN)).toEqual({
        ok: false,
        reason: 'not_found',
      });
    });

    it('closes due roll-calls once: pending schools become missed', async () => {
      const due = await start(T0 + MIN);
      const later = await start(T0 + 10 * MIN);
      await repo().answer(due.id, ORG.school, 'school1', T0 + 30_000);
      expect(await repo().nextDeadline()).toBe(iso(T0 + MIN));
      expect(await repo().closeDue(T0 + MIN - 1)).toEqual([]);
      const closed = await repo().closeDue(T0 + MIN);
      expect(closed.map((r) => r.id)).toEqual([due.id]);
      expect(closed[0]?.closedAt).toBe(iso(T0 + MIN));
      expect(closed[0]?.schools.map((s) => [s.school, s.status])).toEqual(
        [
          [ORG.school, 'answered'],
          [NEIGHBOUR.school, 'missed'],
        ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
      );
      expect(await repo().closeDue(T0 + 2 * MIN)).toEqual([]);
      expect(await repo().nextDeadline()).toBe(iso(T0 + 10 * MIN));
      expect(
        (await repo().listRollCalls({ orgUnit: ORG.province, open: true, limit: 10 })).map((r) => r.id),
      ).toEqual([later.id]);
    });

    it('counts urges and roll-call answers per child unit for the reports', async () => {
      const rc = await start(T0 + MIN);
      await repo().answer(rc.id, ORG.school, 'school1', T0 + 1000);
      await repo().closeDue(T0 + MIN);
      await repo().urge(urgeOf('a-1'), T0 - 5 * MIN);
      await repo().urge(urgeOf('a-2'), T0 - 5 * MIN);
      await repo().urge(urgeOf('a-3', { at: T0 + 40 * 86_400_000 }), T0);
      const rows = await repo().reportCounts({
        orgUnit: ORG.city,
        childLevel: 'county',
        from: T0 - 86_400_000,
        to: T0 + 86_400_000,
      });
      const by = (org: string | null) => rows.find((r) => r.org === org);
      expect(by(ORG.county)).toEqual({ org: ORG.county, urges: 2, rollCallAnswered: 1, rollCallMissed: 0 });
      expect(by(NEIGHBOUR.county)).toEqual({
        org: NEIGHBOUR.county,
        urges: 0,
        rollCallAnswered: 0,
        rollCallMissed: 1,
      });
      expect(by(null)).toEqual({ org: null, urges: 2, rollCallAnswered: 1, rollCallMissed: 1 });
    });
  });
}
