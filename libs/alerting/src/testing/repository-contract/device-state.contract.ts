import type { OrgPath } from '@campus/device-protocols';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import type { DeviceState } from '../../domain/device-state';
import { DeviceStateRepository, type EventDayIncrement } from '../../db/device-state-repository';
import { FAR, iso, NEIGHBOUR, ORG, T0 } from './rows.fixture';

function state(device: string, org: OrgPath, overrides: Partial<DeviceState> = {}): DeviceState {
  return {
    device,
    ...org,
    kind: 'smoke_detector',
    online: null,
    onlineChangedAt: null,
    lastSeenAt: null,
    battery: null,
    batteryAt: null,
    lowBatteryAt: null,
    faulty: false,
    fault: null,
    faultAt: null,
    updatedAt: iso(T0),
    ...overrides,
  };
}

function increment(
  device: string,
  org: OrgPath,
  type: string,
  day: string,
  count = 1,
  lastAt = iso(T0),
): EventDayIncrement {
  return { device, ...org, type, day, count, lastAt };
}

export function deviceStateContract(db: () => Database): void {
  const repo = () => new DeviceStateRepository(db());

  describe('DeviceStateRepository', () => {
    it('upserts whole states in one batch and reads them back the same', async () => {
      const full = state('smk-1', ORG, {
        online: true,
        onlineChangedAt: iso(T0 - 1000),
        lastSeenAt: iso(T0),
        battery: 87.5,
        batteryAt: iso(T0 - 500),
        lowBatteryAt: iso(T0 - 200),
        faulty: true,
        fault: 'tamper',
        faultAt: iso(T0 - 100),
      });
      await repo().save({ states: [full, state('smk-2', NEIGHBOUR)], eventDays: [] });
      expect(await repo().get('smk-1')).toEqual(full);
      expect(await repo().get('smk-2')).toEqual(state('smk-2', NEIGHBOUR));
      expect(await repo().get('nope')).toBeUndefined();

      const changed = {
        ...full,
        online: false,
        faulty: false,
        fault: null,
        faultAt: null,
        updatedAt: iso(T0 + 1),
      };
      // the last state of a device in a batch wins
      await repo().save({ states: [full, changed], eventDays: [] });
      expect(await repo().get('smk-1')).toEqual(changed);
      expect((await repo().listAll()).map((s) => s.device)).toEqual(['smk-1', 'smk-2']);
    });

    it('lists by schools and by org unit, by school then device', async () => {
      await repo().save({
        states: [state('b', ORG), state('a', ORG), state('c', NEIGHBOUR), state('d', FAR)],
        eventDays: [],
      });
      const ids = (states: DeviceState[]) => states.map((s) => s.device);
      expect(ids(await repo().listBySchools([NEIGHBOUR.school, ORG.school]))).toEqual(['a', 'b', 'c']);
      expect(ids(await repo().listBySchools([FAR.school, 'unknown']))).toEqual(['d']);
      expect(await repo().listBySchools([])).toEqual([]);
      expect(ids(await repo().listByOrg(ORG.city))).toEqual(['a', 'b', 'c']);
      expect(ids(await repo().listByOrg(ORG.county))).toEqual(['a', 'b']);
      expect(ids(await repo().listByOrg(ORG.province))).toEqual(['a', 'b', 'd', 'c']);
      expect(ids(await repo().listByOrg(FAR.school))).toEqual(['d']);
    });

    it('adds event counts per device, type and day, and sums them over a day range', async () => {
      await repo().save({
        states: [],
        eventDays: [
          increment('pc-1', ORG, 'patrol_checkin', '2026-11-27', 2),
          increment('pc-1', ORG, 'patrol_checkin', '2026-11-28', 1, iso(T0 - 10)),
          // the same key twice in one batch is merged
          increment('pc-1', ORG, 'patrol_checkin', '2026-11-28', 1, iso(T0)),
          increment('sos-1', ORG, 'sos', '2026-11-28'),
          increment('sos-1', ORG, 'test', '2026-11-01'),
          increment('pc-9', FAR, 'patrol_checkin', '2026-11-28', 5),
        ],
      });
      // a later flush adds to the stored count
      await repo().save({
        states: [],
        eventDays: [increment('pc-1', ORG, 'patrol_checkin', '2026-11-28', 3)],
      });

      expect(
        await repo().eventCounts({
          schools: [ORG.school],
          types: ['patrol_checkin', 'sos'],
          fromDay: '2026-11-22',
          toDay: '2026-11-28',
        }),
      ).toEqual([
        { school: ORG.school, device: 'pc-1', type: 'patrol_checkin', count: 7 },
        { school: ORG.school, device: 'sos-1', type: 'sos', count: 1 },
      ]);
      expect(
        await repo().eventCounts({
          schools: [ORG.school, FAR.school],
          fromDay: '2026-11-01',
          toDay: '2026-11-27',
        }),
      ).toEqual([
        { school: ORG.school, device: 'pc-1', type: 'patrol_checkin', count: 2 },
        { school: ORG.school, device: 'sos-1', type: 'test', count: 1 },
      ]);
      expect(
        await repo().eventCounts({
          schools: [FAR.school],
          types: ['sos'],
          fromDay: '2026-11-01',
          toDay: '2026-11-30',
        }),
      ).toEqual([]);
      expect(await repo().eventCounts({ schools: [], fromDay: '2026-11-01', toDay: '2026-11-30' })).toEqual(
        [],
      );

      expect(
        await repo().eventDays({
          schools: [ORG.school],
          types: ['patrol_checkin'],
          fromDay: '2026-11-27',
          toDay: '2026-11-28',
        }),
      ).toEqual([
        { school: ORG.school, device: 'pc-1', type: 'patrol_checkin', day: '2026-11-27', count: 2 },
        { school: ORG.school, device: 'pc-1', type: 'patrol_checkin', day: '2026-11-28', count: 5 },
      ]);
      const { rows } = await db().query<{ last_at: string }>(
        "SELECT last_at FROM alerting.device_event_days WHERE device = 'pc-1' AND day = '2026-11-28'",
      );
      expect(rows[0]?.last_at).toBe(iso(T0));
    });

    it('refuses a malformed day instead of guessing', async () => {
      await expect(
        repo().eventCounts({ schools: [ORG.school], fromDay: '28.11.2026', toDay: '2026-11-30' }),
      ).rejects.toThrow(/YYYY-MM-DD/);
    });
  });
}
