import { describe, expect, it } from 'vitest';
import { ActionRepository } from '../../db/action-repository';
import { AlertRepository } from '../../db/alert-repository';
import type { Database } from '../../db/database';
import { alertTrigger, iso, T0 } from './rows.fixture';

export function actionContract(db: () => Database): void {
  const actions = () => new ActionRepository(db());
  const alerts = () => new AlertRepository(db());
  const sound = (alertId: string, id = 'act-1') => ({
    id,
    alertId,
    device: 'siren-lab',
    deviceKind: 'siren' as const,
    command: 'sound' as const,
    params: { mode: 'fire' as const },
    result: 'sent' as const,
    rule: 'default:smoke',
    requestedBy: 'system',
    at: T0 + 100,
  });

  describe('ActionRepository', () => {
    it('stores an action with its timeline item, whose result follows the action', async () => {
      const { alert } = await alerts().openOrOccur(alertTrigger(), { drill: false });
      const created = await actions().create(sound(alert.id));
      expect(created).toEqual({
        id: 'act-1',
        alertId: alert.id,
        device: 'siren-lab',
        deviceKind: 'siren',
        command: 'sound',
        params: { mode: 'fire' },
        result: 'sent',
        rule: 'default:smoke',
        requestedBy: 'system',
        confirmedBy: null,
        error: null,
        createdAt: iso(T0 + 100),
        answeredAt: null,
      });
      const item = {
        at: iso(T0 + 100),
        kind: 'action',
        action: 'act-1',
        device: 'siren-lab',
        deviceKind: 'siren',
        command: 'sound',
        params: { mode: 'fire' },
        rule: 'default:smoke',
      };
      expect((await alerts().timeline(alert.id))[1]).toEqual({ ...item, result: 'sent' });

      const answered = await actions().settle('act-1', ['sent'], 'timeout', {
        error: 'no answer within 10 s',
        at: T0 + 10_100,
      });
      expect(answered).toMatchObject({
        result: 'timeout',
        error: 'no answer within 10 s',
        answeredAt: iso(T0 + 10_100),
      });
      expect((await alerts().timeline(alert.id))[1]).toEqual({
        ...item,
        result: 'timeout',
        error: 'no answer within 10 s',
      });
      // answered once: a late answer changes nothing
      expect(await actions().settle('act-1', ['sent'], 'acknowledged')).toBeUndefined();
      expect(await actions().listForAlert(alert.id)).toEqual([answered]);
    });

    it('confirms a held-back action once, and records who', async () => {
      const { alert } = await alerts().openOrOccur(alertTrigger(), { drill: false });
      await actions().create({
        ...sound(alert.id, 'act-2'),
        command: 'unlock',
        params: {},
        result: 'awaiting_confirmation',
      });
      const results = await Promise.all(
        ['guard', 'admin'].map((by) =>
          actions().settle('act-2', ['awaiting_confirmation'], 'sent', { confirmedBy: by }),
        ),
      );
      expect(results.filter((r) => r !== undefined)).toHaveLength(1);
      const confirmed = await actions().get('act-2');
      expect(confirmed).toMatchObject({ result: 'sent', answeredAt: null });
      expect(['guard', 'admin']).toContain(confirmed?.confirmedBy);
      expect((await alerts().timeline(alert.id))[1]).toMatchObject({
        kind: 'action',
        result: 'sent',
        confirmedBy: confirmed?.confirmedBy,
      });
    });

    it('stores nothing for an unknown alert, and a person’s action names them', async () => {
      expect(await actions().create(sound('no-such-alert'))).toBeUndefined();
      const { alert } = await alerts().openOrOccur(alertTrigger(), { drill: false });
      await actions().create({
        ...sound(alert.id, 'act-3'),
        rule: null,
        requestedBy: 'guard',
        result: 'failed',
        error: 'no command path',
      });
      expect(await actions().get('act-3')).toMatchObject({
        result: 'failed',
        error: 'no command path',
        answeredAt: iso(T0 + 100),
      });
      expect((await alerts().timeline(alert.id))[1]).toMatchObject({
        by: 'guard',
        result: 'failed',
        error: 'no command path',
      });
      expect((await alerts().timeline(alert.id))[1]).not.toHaveProperty('rule');
    });
  });
}
