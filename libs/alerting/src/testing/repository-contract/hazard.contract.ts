import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import { HazardRepository } from '../../db/hazard-repository';
import { FAR, hazardTrigger, iso, ORG, T0 } from './rows.fixture';

const DAY = 86_400_000;

export function hazardContract(db: () => Database): void {
  const repo = () => new HazardRepository(db());

  describe('HazardRepository', () => {
    it('registers a hazard, then touches it while unclosed', async () => {
      const { hazard, registered } = await repo().registerOrTouch(hazardTrigger(), T0 + 3 * DAY);
      expect(registered).toBe(true);
      expect(hazard).toEqual({
        id: expect.any(String),
        key: 'device_offline:tmp-0001',
        source: 'rule:device_offline',
        title: '设备离线 tmp-0001',
        grade: 'general',
        state: 'registered',
        ...ORG,
        device: 'tmp-0001',
        owner: null,
        deadline: iso(T0 + 3 * DAY),
        registeredAt: iso(T0),
        rectifiedBy: null,
        rectifiedAt: null,
        acceptedBy: null,
        closedAt: null,
        escalatedTo: 'school',
        overdue: false,
        detail: { lastSeen: T0 - 300_000 },
        lastSeenAt: iso(T0),
        occurrences: 1,
        escalatedAt: null,
      });
      const touched = await repo().registerOrTouch(hazardTrigger({ at: T0 + 60_000 }), T0 + 9 * DAY);
      expect(touched.registered).toBe(false);
      expect(touched.hazard).toMatchObject({
        id: hazard.id,
        occurrences: 2,
        lastSeenAt: iso(T0 + 60_000),
        deadline: iso(T0 + 3 * DAY),
      });
      expect(await repo().events(hazard.id)).toEqual([
        {
          hazardId: hazard.id,
          at: iso(T0),
          from: null,
          to: 'registered',
          by: 'rule:device_offline',
          note: null,
        },
      ]);
    });

    it('moves through the workflow only from the state the caller saw', async () => {
      const { hazard } = await repo().registerOrTouch(hazardTrigger(), T0 + DAY);
      const t = (
        from: 'registered' | 'rectifying' | 'awaiting_acceptance',
        to: 'rectifying' | 'awaiting_acceptance' | 'closed',
        by: string,
        at: number,
        extra = {},
      ) => repo().transition(hazard.id, { from, to, by, at, ...extra });
      expect(
        await t('registered', 'rectifying', 'admin', T0 + 1, { owner: 'li', note: '派给李师傅' }),
      ).toMatchObject({ ok: true, hazard: { state: 'rectifying', owner: 'li' } });
      expect(await t('registered', 'rectifying', 'admin', T0 + 2)).toEqual({
        ok: false,
        reason: 'wrong_state',
        state: 'rectifying',
      });
      expect(await t('rectifying', 'awaiting_acceptance', 'li', T0 + 3)).toMatchObject({
        ok: true,
        hazard: { rectifiedBy: 'li', rectifiedAt: iso(T0 + 3) },
      });
      expect(
        await t('awaiting_acceptance', 'rectifying', 'admin', T0 + 4, { note: '未整改到位' }),
      ).toMatchObject({ ok: true, hazard: { rectifiedBy: null, owner: 'li' } });
      await t('rectifying', 'awaiting_acceptance', 'li', T0 + 5);
      const closed = await t('awaiting_acceptance', 'closed', 'admin', T0 + 6);
      expect(closed).toMatchObject({
        ok: true,
        hazard: {
          state: 'closed',
          acceptedBy: 'admin',
          closedAt: iso(T0 + 6),
          rectifiedBy: 'li',
          overdue: false,
        },
      });
      expect((await repo().events(hazard.id)).map((e) => `${e.from}>${e.to}:${e.by}`)).toEqual([
        'null>registered:rule:device_offline',
        'registered>rectifying:admin',
        'rectifying>awaiting_acceptance:li',
        'awaiting_acceptance>rectifying:admin',
        'rectifying>awaiting_acceptance:li',
        'awaiting_acceptance>closed:admin',
      ]);
      expect((await repo().events(hazard.id))[1]?.note).toBe('派给李师傅');
      expect(await repo().transition('missing', { from: 'registered', to: 'closed', by: 'x' })).toEqual({
        ok: false,
        reason: 'not_found',
      });
      const again = await repo().registerOrTouch(hazardTrigger({ at: T0 + 7 }), T0 + DAY);
      expect(again.registered).toBe(true);
    });

    it('lists by org unit, state and overdue', async () => {
      const late = (await repo().registerOrTouch(hazardTrigger({ key: 'late' }), T0 + DAY)).hazard;
      const fresh = (await repo().registerOrTouch(hazardTrigger({ key: 'fresh', at: T0 + 1 }), T0 + 5 * DAY))
        .hazard;
      const far = (await repo().registerOrTouch(hazardTrigger({ key: 'far', org: FAR, at: T0 + 2 }), T0))
        .hazard;
      const now = T0 + 2 * DAY;
      const ids = (hs: { id: string }[]) => hs.map((h) => h.id);
      expect(ids(await repo().list({ orgUnit: ORG.province, now }))).toEqual([far.id, fresh.id, late.id]);
      expect(ids(await repo().list({ orgUnit: ORG.county, now }))).toEqual([fresh.id, late.id]);
      expect(ids(await repo().list({ orgUnit: ORG.county, overdue: true, now }))).toEqual([late.id]);
      expect(ids(await repo().list({ orgUnit: ORG.county, overdue: false, now }))).toEqual([fresh.id]);
      expect((await repo().list({ orgUnit: ORG.school, now })).map((h) => h.overdue)).toEqual([false, true]);
      await repo().transition(late.id, { from: 'registered', to: 'rectifying', by: 'a' });
      expect(ids(await repo().list({ orgUnit: ORG.city, state: 'rectifying', now }))).toEqual([late.id]);
      expect(ids(await repo().list({ orgUnit: '2161019999', now }))).toEqual([]);
    });

    it('finds overdue hazards to escalate, and lets one replica record each escalation', async () => {
      const a = (await repo().registerOrTouch(hazardTrigger({ key: 'a' }), T0 + DAY)).hazard;
      const b = (await repo().registerOrTouch(hazardTrigger({ key: 'b' }), T0 + 2 * DAY)).hazard;
      const c = (await repo().registerOrTouch(hazardTrigger({ key: 'c' }), T0 + DAY / 2)).hazard;
      await repo().transition(c.id, { from: 'registered', to: 'closed', by: 'admin' });
      const now = T0 + DAY + 1;
      expect((await repo().dueForOverdueEscalation(now)).map((h) => h.id)).toEqual([a.id]);
      expect(await repo().markEscalated(a.id, 'school', 'county', now)).toBe(true);
      expect(await repo().markEscalated(a.id, 'school', 'county', now)).toBe(false);
      expect(await repo().get(a.id, now)).toMatchObject({
        escalatedTo: 'county',
        escalatedAt: iso(now),
        overdue: true,
      });
      expect(await repo().dueForOverdueEscalation(now + DAY)).toEqual([
        expect.objectContaining({ id: b.id }),
      ]);
      expect((await repo().dueForOverdueEscalation(now + DAY, DAY)).map((h) => h.id)).toEqual([a.id, b.id]);
      expect(await repo().markEscalated(c.id, 'school', 'county')).toBe(false);
    });
  });
}
