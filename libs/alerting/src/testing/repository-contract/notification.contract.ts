import { describe, expect, it } from 'vitest';
import { AlertRepository } from '../../db/alert-repository';
import type { Database } from '../../db/database';
import { NotificationRepository } from '../../db/notification-repository';
import { alertTrigger, iso, T0 } from './rows.fixture';

export function notificationContract(db: () => Database): void {
  const repo = () => new NotificationRepository(db());
  const openAlert = async (key = 'k') =>
    (await new AlertRepository(db()).openOrOccur(alertTrigger({ key }), { drill: false })).alert;
  const sms = (alertId: string) =>
    ({ alertId, level: 'school', channel: 'sms', to: '+8613800000001', name: '王老师', at: T0 }) as const;

  describe('NotificationRepository', () => {
    it('records an attempt and its result, and finds it by provider SID', async () => {
      const alert = await openAlert();
      const attempt = await repo().record(sms(alert.id));
      expect(attempt).toEqual({
        id: expect.any(String),
        alertId: alert.id,
        level: 'school',
        channel: 'sms',
        to: '+8613800000001',
        name: '王老师',
        status: 'pending',
        providerSid: null,
        attempt: 1,
        retryOf: null,
        nextAttemptAt: null,
        claimedBy: null,
        claimedUntil: null,
        error: null,
        createdAt: iso(T0),
        updatedAt: iso(T0),
      });
      const sent = await repo().markResult(attempt.id, {
        status: 'queued',
        providerSid: 'SM001',
        at: T0 + 10,
      });
      expect(sent).toMatchObject({ status: 'queued', providerSid: 'SM001', updatedAt: iso(T0 + 10) });
      const delivered = await repo().updateByProviderSid('SM001', { status: 'delivered', at: T0 + 20 });
      expect(delivered).toMatchObject({ id: attempt.id, status: 'delivered', providerSid: 'SM001' });
      expect(await repo().updateByProviderSid('SM404', { status: 'delivered' })).toBeUndefined();
      expect(await repo().markResult('missing', { status: 'failed' })).toBeUndefined();
      expect(await repo().get(attempt.id)).toEqual(delivered);
    });

    it('claims due retries with a lease; recording the retry consumes it', async () => {
      const alert = await openAlert();
      const first = await repo().record(sms(alert.id));
      await repo().markResult(first.id, {
        status: 'failed',
        error: 'carrier rejected',
        nextAttemptAt: T0 + 30_000,
        at: T0 + 1,
      });
      const other = await repo().record({ ...sms(alert.id), channel: 'voice', at: T0 + 1 });
      await repo().markResult(other.id, { status: 'no-answer', nextAttemptAt: T0 + 60_000 });

      expect(await repo().claimRetries(T0 + 29_999, 'a', 10)).toEqual([]);
      const claimed = await repo().claimRetries(T0 + 30_000, 'a', 10, 5000);
      expect(claimed).toEqual([
        expect.objectContaining({
          id: first.id,
          claimedBy: 'a',
          claimedUntil: iso(T0 + 35_000),
          error: 'carrier rejected',
        }),
      ]);
      expect(await repo().claimRetries(T0 + 31_000, 'b', 10, 5000)).toEqual([]);
      expect((await repo().claimRetries(T0 + 35_000, 'b', 10, 5000)).map((n) => n.id)).toEqual([first.id]);

      const retry = await repo().record({ ...sms(alert.id), attempt: 2, retryOf: first.id, at: T0 + 36_000 });
      expect(retry).toMatchObject({ attempt: 2, retryOf: first.id, status: 'pending' });
      expect(await repo().get(first.id)).toMatchObject({
        nextAttemptAt: null,
        claimedBy: null,
        claimedUntil: null,
        status: 'failed',
      });
      expect((await repo().claimRetries(T0 + 100_000, 'b', 10)).map((n) => n.id)).toEqual([other.id]);
      expect((await repo().listForAlert(alert.id)).map((n) => n.id)).toEqual([first.id, other.id, retry.id]);
    });

    it('cancels the pending retries of an alert', async () => {
      const alert = await openAlert();
      const a = await repo().record(sms(alert.id));
      await repo().markResult(a.id, { status: 'failed', nextAttemptAt: T0 });
      expect(await repo().cancelRetries(alert.id)).toBe(1);
      expect(await repo().claimRetries(T0 + 1000, 'a', 10)).toEqual([]);
    });
  });
}
