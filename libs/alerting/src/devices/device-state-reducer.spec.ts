import type { UplinkMessage } from '@campus/device-protocols';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceState } from '../domain/device-state';
import {
  eventDayKey,
  isLowBattery,
  messageTime,
  reduceDeviceState,
  reduceReadings,
} from './device-state-reducer';

const ORG = { province: '610000', city: '610100', county: '610113', school: '2161010001' };
const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const base = { v: 1 as const, org: ORG, deviceKind: 'smoke_detector', device: 'smk-1' };
const reading = (metrics: Record<string, number>, ts = T0): UplinkMessage => ({
  ...base,
  kind: 'reading',
  ts,
  metrics,
});
const event = (type: string, ts = T0): UplinkMessage => ({ ...base, kind: 'event', ts, type, data: {} });
const availability = (online: boolean, ts = T0): UplinkMessage => ({
  ...base,
  kind: 'availability',
  ts,
  online,
});

/** Feeds messages in order, each received at its own ts + 5 ms. */
function run(...messages: UplinkMessage[]): DeviceState {
  let state: DeviceState | undefined;
  for (const m of messages) state = reduceDeviceState(state, m, m.ts + 5);
  if (!state) throw new Error('no messages');
  return state;
}

describe('reduceDeviceState', () => {
  it('makes a never-heard device online with its first message of any kind', () => {
    expect(reduceDeviceState(undefined, reading({ temperature: 21 }), T0 + 5)).toEqual({
      device: 'smk-1',
      ...ORG,
      kind: 'smoke_detector',
      online: true,
      onlineChangedAt: iso(T0),
      lastSeenAt: iso(T0),
      battery: null,
      batteryAt: null,
      lowBatteryAt: null,
      faulty: false,
      fault: null,
      faultAt: null,
      updatedAt: iso(T0 + 5),
    });
    expect(run(event('smoke')).online).toBe(true);
  });

  it('changes online only on availability once it is known', () => {
    const offline = run(
      availability(true),
      availability(false, T0 + 1000),
      reading({ battery: 80 }, T0 + 2000),
    );
    expect(offline).toMatchObject({
      online: false,
      onlineChangedAt: iso(T0 + 1000),
      lastSeenAt: iso(T0 + 2000),
    });
    const back = reduceDeviceState(offline, availability(true, T0 + 3000), T0 + 3000);
    expect(back).toMatchObject({ online: true, onlineChangedAt: iso(T0 + 3000) });
  });

  it('keeps onlineChangedAt when availability repeats the same value', () => {
    expect(run(availability(true), availability(true, T0 + 1000))).toMatchObject({
      online: true,
      onlineChangedAt: iso(T0),
      lastSeenAt: iso(T0 + 1000),
    });
  });

  it('does not count an offline notice as hearing from the device', () => {
    const state = run(reading({ battery: 90 }), availability(false, T0 + 60_000));
    expect(state).toMatchObject({ online: false, lastSeenAt: iso(T0), onlineChangedAt: iso(T0 + 60_000) });
    // the first message being an offline notice: known offline, never seen
    expect(run(availability(false))).toMatchObject({ online: false, lastSeenAt: null });
  });

  it('ignores a late availability older than the last change', () => {
    const state = run(availability(false, T0 + 1000), availability(true, T0));
    expect(state).toMatchObject({ online: false, onlineChangedAt: iso(T0 + 1000), lastSeenAt: iso(T0) });
  });

  it('takes the battery reading and keeps other metrics out', () => {
    const state = run(reading({ battery: 87, temperature: 30 }));
    expect(state).toMatchObject({ battery: 87, batteryAt: iso(T0) });
    expect(run(reading({ temperature: 30 })).battery).toBeNull();
    // an older battery reading does not replace a newer one
    expect(run(reading({ battery: 50 }, T0 + 10), reading({ battery: 90 }, T0)).battery).toBe(50);
  });

  it('is low on battery below 20, or after a low_battery event until a reading above 20', () => {
    expect(isLowBattery(run(reading({ battery: 19 })))).toBe(true);
    expect(isLowBattery(run(reading({ battery: 20 })))).toBe(false);
    const flagged = run(reading({ battery: 60 }), event('low_battery', T0 + 1));
    expect(flagged.lowBatteryAt).toBe(iso(T0 + 1));
    expect(isLowBattery(flagged)).toBe(true);
    // exactly 20 is not "above 20": the event still stands
    const at20 = reduceDeviceState(flagged, reading({ battery: 20 }, T0 + 2), T0 + 2);
    expect(isLowBattery(at20)).toBe(true);
    const replaced = reduceDeviceState(at20, reading({ battery: 95 }, T0 + 3), T0 + 3);
    expect(replaced.lowBatteryAt).toBeNull();
    expect(isLowBattery(replaced)).toBe(false);
    // a low_battery event older than the last reading is stale
    expect(reduceDeviceState(replaced, event('low_battery', T0), T0 + 4).lowBatteryAt).toBeNull();
  });

  it('marks fault and tamper faulty and clears them on fault_cleared or restored', () => {
    expect(run(event('fault'))).toMatchObject({ faulty: true, fault: 'fault', faultAt: iso(T0) });
    expect(run(event('tamper'))).toMatchObject({ faulty: true, fault: 'tamper' });
    expect(run(event('tamper'), event('fault_cleared', T0 + 1))).toMatchObject({
      faulty: false,
      fault: null,
      faultAt: iso(T0 + 1),
    });
    expect(run(event('fault'), event('restored', T0 + 1)).faulty).toBe(false);
    // a fault older than its clearing (a redelivery) does not come back
    expect(run(event('fault', T0), event('restored', T0 + 1), event('fault', T0)).faulty).toBe(false);
    // other events leave it alone
    expect(run(event('fault'), event('smoke', T0 + 1)).faulty).toBe(true);
  });

  it('clamps a device clock ahead of ours to the receive time', () => {
    const state = reduceDeviceState(undefined, reading({ battery: 50 }, T0 + 3_600_000), T0);
    expect(state).toMatchObject({ lastSeenAt: iso(T0), batteryAt: iso(T0), updatedAt: iso(T0) });
    expect(messageTime({ ts: T0 - 10 }, T0)).toBe(iso(T0 - 10));
  });

  it('follows the device to a new place or kind from the uplink', () => {
    const moved = reduceDeviceState(
      run(reading({ battery: 50 })),
      {
        ...reading({ battery: 51 }, T0 + 1),
        org: { ...ORG, school: '2161010002' },
        deviceKind: 'heat_detector',
      },
      T0 + 1,
    );
    expect(moved).toMatchObject({ school: '2161010002', kind: 'heat_detector', battery: 51 });
  });

  it('does not change the state it was given', () => {
    const before = run(availability(true));
    const copy = { ...before };
    reduceDeviceState(before, availability(false, T0 + 1), T0 + 1);
    expect(before).toEqual(copy);
  });
});

describe('eventDayKey', () => {
  it('is the local date in the province time zone', () => {
    // 2026-11-28T15:59:59.999Z is 23:59:59.999 in Shanghai; a millisecond later is the next day there
    expect(eventDayKey(Date.parse('2026-11-28T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-11-28');
    expect(eventDayKey(Date.parse('2026-11-28T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-29');
    expect(eventDayKey(Date.parse('2026-11-28T16:00:00.000Z'), 'UTC')).toBe('2026-11-28');
    expect(eventDayKey(Date.parse('2026-11-28T03:00:00.000Z'), 'America/New_York')).toBe('2026-11-27');
  });
});

describe('reduceReadings', () => {
  /** Readings of one device with random times, batteries around the low mark, and gaps. */
  const readingsArb = fc.array(
    fc.record({
      ts: fc.integer({ min: T0, max: T0 + 50 }),
      battery: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
    }),
    { maxLength: 30 },
  );
  const priorArb = fc.array(
    fc.oneof(
      readingsArb.map((rs) =>
        rs.map((r) => reading(r.battery === undefined ? { temperature: 20 } : { battery: r.battery }, r.ts)),
      ),
      fc.integer({ min: T0, max: T0 + 50 }).map((ts) => [event('low_battery', ts)]),
      fc.tuple(fc.boolean(), fc.integer({ min: T0, max: T0 + 50 })).map(([on, ts]) => [availability(on, ts)]),
    ),
    { maxLength: 5 },
  );

  it('gives the state that reducing the readings one by one gives, from any prior state', () => {
    fc.assert(
      fc.property(priorArb, readingsArb, fc.integer({ min: T0 + 10, max: T0 + 100 }), (prior, rs, now) => {
        let state: DeviceState | undefined;
        for (const m of prior.flat()) state = reduceDeviceState(state, m, now);
        const run = rs.map((r) =>
          reading(r.battery === undefined ? { temperature: 20 } : { battery: r.battery }, r.ts),
        );
        let oneByOne = state;
        for (const m of run) oneByOne = reduceDeviceState(oneByOne, m, now);
        expect(reduceReadings(state, run as Extract<UplinkMessage, { kind: 'reading' }>[], now)).toEqual(
          oneByOne,
        );
      }),
      { numRuns: 3000 },
    );
  });
});
