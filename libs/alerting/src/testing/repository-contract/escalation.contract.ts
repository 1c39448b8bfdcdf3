import type { EscalationStep } from '@campus/device-protocols';
import { describe, expect, it } from 'vitest';
import { AlertRepository } from '../../db/alert-repository';
import type { Database } from '../../db/database';
import { EscalationRepository } from '../../db/escalation-repository';
import { alertTrigger, iso, ORG, STEPS, T0 } from './rows.fixture';

export function escalationContract(db: () => Database): void {
  const repo = () => new EscalationRepository(db());
  const openAlert = async (key = 'k', at = T0) =>
    (await new AlertRepository(db()).openOrOccur(alertTrigger({ key, at }), { drill: false })).alert;

  describe('EscalationRepository', () => {
    it('schedules the first step from the opening, once', async () => {
      const alert = await openAlert();
      const steps: EscalationStep[] = [{ level: 'county', afterSeconds: 120, channels: ['sms'] }];
      expect(await repo().schedule(alert.id, steps, T0)).toBe(true);
      expect(await repo().schedule(alert.id, STEPS, T0 + 1)).toBe(false);
      expect(await repo().get(alert.id)).toEqual({
        alertId: alert.id,
        steps,
        openedAt: iso(T0),
        nextStepIndex: 0,
        nextStepAt: iso(T0 + 120_000),
        done: false,
        claimedBy: null,
        claimedUntil: null,
        severity: 'critical',
        org: ORG,
        drill: false,
      });
      const none = await openAlert('none');
      await repo().schedule(none.id, [], T0);
      expect(await repo().get(none.id)).toMatchObject({ done: true, nextStepAt: null });
      expect(await repo().get('missing')).toBeUndefined();
    });

    it('claims due timers with a lease, returning the policy snapshot taken at schedule time', async () => {
      const due = await openAlert('due');
      const later = await openAlert('later');
      const policy = structuredClone(STEPS);
      await repo().schedule(due.id, policy, T0);
      await repo().schedule(later.id, [{ level: 'county', afterSeconds: 600, channels: ['voice'] }], T0);
      policy[0]!.channels = ['voice']; // a later policy edit must not reach the running alert
      policy.push({ level: 'province', afterSeconds: 1, channels: ['sms'] });

      const claimed = await repo().claimDue(T0 + 1000, 'replica-a', 10, 30_000);
      expect(claimed).toEqual([
        {
          alertId: due.id,
          steps: STEPS,
          openedAt: iso(T0),
          nextStepIndex: 0,
          nextStepAt: iso(T0),
          done: false,
          claimedBy: 'replica-a',
          claimedUntil: iso(T0 + 31_000),
          severity: 'critical',
          org: ORG,
          drill: false,
        },
      ]);
      expect(await repo().claimDue(T0 + 2000, 'replica-b', 10, 30_000)).toEqual([]);
      expect(await repo().nextDueAt()).toBe(iso(T0 + 31_000));
    });

    it('lets another owner reclaim an expired lease, and only the holder advance', async () => {
      const alert = await openAlert();
      await repo().schedule(alert.id, STEPS, T0);
      await repo().claimDue(T0, 'a', 1, 10_000);
      const reclaimed = await repo().claimDue(T0 + 10_000, 'b', 1, 10_000);
      expect(reclaimed.map((e) => e.claimedBy)).toEqual(['b']);
      expect(await repo().advance(alert.id, 'a', 1, T0 + 300_000)).toBe(false);
      expect(await repo().advance(alert.id, 'b', 1, T0 + 300_000)).toBe(true);
      expect(await repo().get(alert.id)).toMatchObject({
        nextStepIndex: 1,
        nextStepAt: iso(T0 + 300_000),
        claimedBy: null,
        claimedUntil: null,
        done: false,
      });
      expect(await repo().advance(alert.id, 'b', 2, T0 + 900_000)).toBe(false); // released: no longer held
      expect(await repo().claimDue(T0 + 299_999, 'a', 5, 1000)).toEqual([]);
      expect((await repo().claimDue(T0 + 300_000, 'a', 5, 1000)).map((e) => e.nextStepIndex)).toEqual([1]);
      expect(await repo().advance(alert.id, 'a', 3, null)).toBe(true);
      expect(await repo().get(alert.id)).toMatchObject({ done: true, nextStepAt: null, nextStepIndex: 3 });
      expect(await repo().nextDueAt()).toBeUndefined();
    });

    it('releases a claim without advancing', async () => {
      const alert = await openAlert();
      await repo().schedule(alert.id, STEPS, T0);
      await repo().claimDue(T0, 'a', 1, 60_000);
      expect(await repo().release(alert.id, 'b')).toBe(false);
      expect(await repo().release(alert.id, 'a')).toBe(true);
      expect((await repo().claimDue(T0, 'b', 1, 60_000)).map((e) => e.claimedBy)).toEqual(['b']);
    });

    it('claims earliest first, up to the limit, and skips cancelled and no-longer-open alerts', async () => {
      const alerts = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((k) => openAlert(k)));
      for (const [i, alert] of alerts.entries()) {
        await repo().schedule(
          alert.id,
          [{ level: 'school', afterSeconds: 10 * (5 - i), channels: ['sms'] }],
          T0,
        );
      }
      const [a, b, c, d, e] = alerts.map((x) => x.id);
      expect(await repo().cancel(e!)).toBe(true);
      expect(await repo().cancel(e!)).toBe(false);
      await new AlertRepository(db()).acknowledge(d!, 'guard');
      const claimed = await repo().claimDue(T0 + 60_000, 'x', 2, 1000);
      expect(claimed.map((x) => x.alertId)).toEqual([c, b]);
      expect((await repo().claimDue(T0 + 60_000, 'x', 5, 1000)).map((x) => x.alertId)).toEqual([a]);
    });

    it('tells when the next timer becomes claimable', async () => {
      expect(await repo().nextDueAt()).toBeUndefined();
      const x = await openAlert('x');
      const y = await openAlert('y');
      await repo().schedule(x.id, [{ level: 'county', afterSeconds: 300, channels: ['sms'] }], T0);
      await repo().schedule(y.id, [{ level: 'county', afterSeconds: 100, channels: ['sms'] }], T0);
      expect(await repo().nextDueAt()).toBe(iso(T0 + 100_000));
      await new AlertRepository(db()).resolve(y.id, 'guard', 'genuine'); // its cancel never came
      expect(await repo().nextDueAt()).toBe(iso(T0 + 300_000));
    });

    it('rejects a bad lease or limit', async () => {
      await expect(repo().claimDue(T0, 'a', 0, 1000)).rejects.toThrow(/limit/);
      await expect(repo().claimDue(T0, 'a', 1, 0)).rejects.toThrow(/leaseMs/);
    });
  });
}
