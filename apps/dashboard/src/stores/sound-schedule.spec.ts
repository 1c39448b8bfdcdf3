import { describe, expect, it } from 'vitest';
import {
  decideSounds,
  isPanic,
  PANIC_REPEAT_MS,
  soundPatternOf,
  type SoundAlert,
  type Sounded,
} from './sound-schedule';

const T0 = Date.parse('2026-11-28T02:00:00.000Z');

function alert(over: Partial<SoundAlert> & { id: string }): SoundAlert {
  return {
    type: 'smoke',
    severity: 'critical',
    status: 'open',
    occurrences: 1,
    openedAt: new Date(T0).toISOString(),
    ...over,
  };
}

/** Runs the schedule like the sound store does: keeps the memory only when something played. */
function simulate(timeline: { at: number; alerts: SoundAlert[] }[], repeatMs = PANIC_REPEAT_MS) {
  let memory: Map<string, Sounded> = new Map();
  const played: { at: number; pattern: string; alertId: string }[] = [];
  for (const step of timeline) {
    const d = decideSounds(step.alerts, memory, step.at, repeatMs);
    if (d.play) {
      played.push({ at: step.at, ...d.play });
      memory = d.memory;
    }
  }
  return played;
}

describe('which alerts sound', () => {
  it('sounds critical and high open alerts; silent once acknowledged, and for medium or low', () => {
    expect(soundPatternOf(alert({ id: 'a' }))).toBe('critical');
    expect(soundPatternOf(alert({ id: 'a', severity: 'high', type: 'gas' }))).toBe('high');
    expect(soundPatternOf(alert({ id: 'a', severity: 'medium' }))).toBeNull();
    expect(soundPatternOf(alert({ id: 'a', severity: 'low', type: 'device_offline' }))).toBeNull();
    expect(soundPatternOf(alert({ id: 'a', status: 'acknowledged' }))).toBeNull();
    expect(soundPatternOf(alert({ id: 'a', status: 'resolved' }))).toBeNull();
  });

  it('recognises a one-key alarm by its flag, its type, or a critical alert of a one_key_alarm device', () => {
    expect(isPanic(alert({ id: 'a', panic: true }))).toBe(true);
    expect(isPanic(alert({ id: 'a', type: 'sos' }))).toBe(true);
    expect(isPanic(alert({ id: 'a', type: 'panic' }))).toBe(true);
    expect(isPanic(alert({ id: 'a', type: 'button', deviceKind: 'one_key_alarm' }))).toBe(true);
    // The button going offline is no panic: it must not re-sound every 30 s.
    expect(
      isPanic(alert({ id: 'a', type: 'device_offline', severity: 'low', deviceKind: 'one_key_alarm' })),
    ).toBe(false);
    expect(isPanic(alert({ id: 'a', type: 'smoke', deviceKind: 'smoke_detector' }))).toBe(false);
    expect(soundPatternOf(alert({ id: 'a', type: 'sos' }))).toBe('sos');
  });
});

describe('when they sound', () => {
  it('sounds a critical alarm once, and again only when it is triggered again', () => {
    const a = alert({ id: 'smoke-1' });
    const played = simulate([
      { at: T0, alerts: [a] },
      { at: T0 + 1_000, alerts: [a] },
      { at: T0 + 60_000, alerts: [a] },
      { at: T0 + 61_000, alerts: [{ ...a, occurrences: 2 }] },
      { at: T0 + 62_000, alerts: [{ ...a, occurrences: 2 }] },
    ]);
    expect(played).toEqual([
      { at: T0, pattern: 'critical', alertId: 'smoke-1' },
      { at: T0 + 61_000, pattern: 'critical', alertId: 'smoke-1' },
    ]);
  });

  it('repeats a one-key alarm every 30 s until it is acknowledged', () => {
    const sos = alert({ id: 'sos-1', type: 'sos', deviceKind: 'one_key_alarm', panic: true });
    const steps = [0, 10_000, 29_999, 30_000, 45_000, 60_000, 89_000].map((dt) => ({
      at: T0 + dt,
      alerts: [sos],
    }));
    steps.push({ at: T0 + 90_000, alerts: [{ ...sos, status: 'acknowledged' }] });
    steps.push({ at: T0 + 120_000, alerts: [{ ...sos, status: 'acknowledged' }] });
    expect(simulate(steps).map((p) => [p.at - T0, p.pattern])).toEqual([
      [0, 'sos'],
      [30_000, 'sos'],
      [60_000, 'sos'],
    ]);
  });

  it('tells when to look again: the next panic repeat, none without an open panic', () => {
    const sos = alert({ id: 'sos-1', type: 'sos' });
    const first = decideSounds([sos], new Map(), T0);
    expect(first.play).toEqual({ pattern: 'sos', alertId: 'sos-1' });
    expect(first.nextCheckAt).toBe(T0 + PANIC_REPEAT_MS);
    expect(decideSounds([sos], first.memory, T0 + 5_000).nextCheckAt).toBe(T0 + PANIC_REPEAT_MS);
    expect(
      decideSounds([{ ...sos, status: 'acknowledged' }], first.memory, T0 + 5_000).nextCheckAt,
    ).toBeNull();
    expect(decideSounds([alert({ id: 'smoke-1' })], new Map(), T0).nextCheckAt).toBeNull();
  });

  it('makes one sound for alarms due together, the most urgent pattern, the newest alert of it', () => {
    const older = alert({ id: 'smoke-old', openedAt: new Date(T0 - 60_000).toISOString() });
    const newer = alert({ id: 'smoke-new' });
    const gas = alert({ id: 'gas-1', type: 'gas', severity: 'high' });
    expect(decideSounds([older, gas, newer], new Map(), T0).play).toEqual({
      pattern: 'critical',
      alertId: 'smoke-new',
    });
    const sos = alert({ id: 'sos-1', type: 'sos', openedAt: new Date(T0 - 120_000).toISOString() });
    const d = decideSounds([older, sos, gas, newer], new Map(), T0);
    expect(d.play).toEqual({ pattern: 'sos', alertId: 'sos-1' });
    // Every alert due now counts as sounded: none of them sounds again on the next change.
    expect(decideSounds([older, sos, gas, newer], d.memory, T0 + 1_000).play).toBeNull();
  });

  it('chimes a high alert once, even when it is triggered again', () => {
    const gas = alert({ id: 'gas-1', type: 'gas', severity: 'high' });
    const played = simulate([
      { at: T0, alerts: [gas] },
      { at: T0 + 40_000, alerts: [{ ...gas, occurrences: 3 }] },
    ]);
    expect(played).toEqual([{ at: T0, pattern: 'high', alertId: 'gas-1' }]);
  });

  it('plays what arrived while the sound was off as soon as it is on (nothing is remembered unplayed)', () => {
    const a = alert({ id: 'smoke-1' });
    const whileOff = decideSounds([a], new Map(), T0);
    expect(whileOff.play).not.toBeNull();
    // The store did not play (muted or blocked) and so kept the old, empty memory:
    expect(decideSounds([a], new Map(), T0 + 90_000).play).toEqual({
      pattern: 'critical',
      alertId: 'smoke-1',
    });
  });

  it('forgets alerts that left the list (resolved), so memory does not grow without end', () => {
    const a = alert({ id: 'smoke-1' });
    const d = decideSounds([a], new Map(), T0);
    expect([...decideSounds([], d.memory, T0 + 1).memory.keys()]).toEqual([]);
  });

  it('takes the repeat interval as a parameter', () => {
    const sos = alert({ id: 'sos-1', type: 'sos' });
    const played = simulate(
      [0, 4_000, 5_000, 9_999, 10_000].map((dt) => ({ at: T0 + dt, alerts: [sos] })),
      5_000,
    );
    expect(played.map((p) => p.at - T0)).toEqual([0, 5_000, 10_000]);
  });
});
