import { describe, expect, it } from 'vitest';
import { AlertRepository } from '../../db/alert-repository';
import type { Database } from '../../db/database';
import { PlanRepository } from '../../db/plan-repository';
import { ReportRepository } from '../../db/report-repository';
import { alertTrigger, iso, ORG, T0 } from './rows.fixture';

export function planContract(db: () => Database): void {
  const plans = () => new PlanRepository(db());
  const alerts = () => new AlertRepository(db());
  const dispatch = (alertId: string, id = 'd-1') => ({
    id,
    alertId,
    person: 'contact:abc',
    name: '张伟',
    phone: '+8613800000001',
    tokenHash: `hash-${id}`,
    by: 'guard1',
    at: T0 + 60_000,
  });

  describe('PlanRepository', () => {
    it('claims a step once, then stores what it ran with its plan_step timeline item', async () => {
      const { alert } = await alerts().openOrOccur(alertTrigger(), { drill: false });
      const tick = {
        alertId: alert.id,
        stepId: 'report',
        planId: 'default:fire',
        by: 'guard1',
        at: T0 + 1000,
      };
      const claimed = await plans().claimStep(tick);
      expect(claimed).toEqual({ stepId: 'report', doneBy: 'guard1', doneAt: iso(T0 + 1000), outcome: {} });
      expect(await plans().claimStep({ ...tick, by: 'head1' })).toBeUndefined();
      expect(await plans().claimStep({ ...tick, alertId: 'nope' })).toBeUndefined();
      await plans().finishStep(
        alert.id,
        { ...claimed!, outcome: { paged: ['值班'] } },
        '上报',
        'default:fire',
      );
      expect(await plans().doneSteps(alert.id)).toEqual([{ ...claimed, outcome: { paged: ['值班'] } }]);
      expect((await alerts().timeline(alert.id)).at(-1)).toEqual({
        at: iso(T0 + 1000),
        kind: 'plan_step',
        step: 'report',
        text: '上报',
        plan: 'default:fire',
        by: 'guard1',
        outcome: { paged: ['值班'] },
      });
    });

    it('keeps a dispatch by its token hash; marks move only from the given states; photos join it', async () => {
      const { alert } = await alerts().openOrOccur(alertTrigger(), { drill: false });
      const created = await plans().createDispatch(dispatch(alert.id));
      expect(created).toMatchObject({ id: 'd-1', state: 'dispatched', dispatchedAt: iso(T0 + 60_000) });
      expect(await plans().createDispatch(dispatch('nope', 'd-2'))).toBeUndefined();
      expect((await plans().dispatchByTokenHash('hash-d-1'))?.id).toBe('d-1');
      expect(await plans().dispatchByTokenHash('hash-x')).toBeUndefined();

      const onSite = await plans().mark('d-1', ['dispatched'], 'on_site', T0 + 300_000);
      expect(onSite).toMatchObject({ state: 'on_site', onSiteAt: iso(T0 + 300_000), onTheWayAt: null });
      expect(await plans().mark('d-1', ['dispatched'], 'on_the_way')).toBeUndefined();
      await plans().addPhoto({ id: 'p-1', dispatchId: 'd-1', storeKey: 'k.jpg', at: T0 + 310_000 });
      expect(await plans().photoCount('d-1')).toBe(1);
      expect(await plans().photo('p-1')).toEqual({
        id: 'p-1',
        dispatchId: 'd-1',
        storeKey: 'k.jpg',
        at: iso(T0 + 310_000),
        alertId: alert.id,
      });
      expect(await plans().photosOfAlert(alert.id)).toHaveLength(1);
      const kinds = (await alerts().timeline(alert.id)).map((i) => [i.kind, i.state ?? i.photo ?? null]);
      expect(kinds.slice(1)).toEqual([
        ['dispatched', null],
        ['responder', 'on_site'],
        ['responder', 'p-1'],
      ]);
      await expect(plans().mark('d-1', ['gone' as 'dispatched'], 'handled')).rejects.toThrow(
        /unknown responder state/,
      );
    });

    it('reports the nearest-rank time to arrive and to handle, drills left out', async () => {
      const reports = () => new ReportRepository(db());
      const open = async (key: string, drill = false) =>
        (await alerts().openOrOccur(alertTrigger({ key, at: T0 }), { drill })).alert;
      const a = await open('a');
      const b = await open('b');
      const c = await open('c', true);
      for (const [alert, id, arrive] of [
        [a, 'd-a', 120],
        [b, 'd-b', 600],
        [c, 'd-c', 30],
      ] as const) {
        await plans().createDispatch({ ...dispatch(alert.id, id), at: T0 });
        await plans().mark(id, ['dispatched'], 'on_site', T0 + arrive * 1000);
      }
      await plans().mark('d-a', ['on_site'], 'handled', T0 + 900_000);
      await alerts().resolve(b.id, 'guard1', 'genuine', undefined, T0 + 1_200_000);
      const q = { orgUnit: ORG.school, childLevel: null, from: T0 - 1000, to: T0 + 3_600_000 };
      expect(await reports().arriveStats(q)).toEqual([
        { org: null, count: 2, medianSeconds: 120, p90Seconds: 600 },
      ]);
      expect(await reports().handleStats(q)).toEqual([
        { org: null, count: 2, medianSeconds: 900, p90Seconds: 1200 },
      ]);
    });
  });
}
