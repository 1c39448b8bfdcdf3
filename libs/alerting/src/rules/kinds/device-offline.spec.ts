import { describe, expect, it } from 'vitest';
import { parseRuleConfig } from '../rule-config';
import { RuleEngine } from '../rule-engine';
import { silenceWatch } from '../silence-policy';
import {
  alerts,
  availability,
  defaults,
  event,
  HOUR,
  MINUTE,
  reading,
  SECOND,
  SITES,
  summary,
  T0,
} from '../../testing/rules.fixture';

const KEY = 'default:device_offline';
const offlineEngine = () => new RuleEngine(SITES, defaults(KEY), { startedAt: T0 });
/** The offline rule narrowed to some devices, so other devices' silence stays out of the way. */
const offlineFor = (...devices: string[]) =>
  new RuleEngine(
    SITES,
    parseRuleConfig([{ id: KEY, match: { devices } }]).filter((r) => r.id === KEY),
    {
      startedAt: T0,
    },
  );

/** Devices with their own MQTT session in the fixture: the ones silence applies to from the start. */
const NATIVE = SITES.devices.filter((d) => d.protocol === 'native' && !d.via).map((d) => d.id);

describe('device offline: status', () => {
  it('{"online": false} → device_offline (low) + hazard; repeats add nothing; {"online": true} clears', () => {
    const engine = offlineEngine();
    expect(summary(engine.onMessage(availability('gas-1', false), T0))).toEqual([
      `alert ${KEY}:gas-1`,
      `hazard ${KEY}:gas-1`,
    ]);
    expect(engine.onMessage(availability('gas-1', false), T0 + SECOND)).toEqual([]);
    expect(engine.onMessage(availability('gas-1', true), T0 + 2 * SECOND)).toEqual([
      { kind: 'clear', key: `${KEY}:gas-1`, at: T0 + 2 * SECOND },
    ]);
    expect(engine.onMessage(availability('gas-1', true), T0 + 3 * SECOND)).toEqual([]);
  });

  it('the first {"online": true} seen also sends a clear (harmless; closes an alert left open before a restart)', () => {
    expect(summary(offlineEngine().onMessage(availability('gas-1', true), T0))).toEqual([
      `clear ${KEY}:gas-1`,
    ]);
  });

  it('a red risk point raises it to medium; bridges and Zigbee devices report through availability', () => {
    const engine = offlineEngine();
    expect(alerts(engine.onMessage(availability('zdoor-1', false), T0))).toMatchObject([
      {
        key: `${KEY}:zdoor-1`,
        severity: 'medium',
        detail: { cause: 'status', ruleSeverity: 'low', risk: 'red' },
      },
    ]);
    expect(summary(engine.onMessage(availability('nvr-1', false), T0))).toEqual([
      `alert ${KEY}:nvr-1`,
      `hazard ${KEY}:nvr-1`,
    ]);
  });

  it('a device that said it is offline stays offline on other messages, until it says online', () => {
    const engine = offlineEngine();
    engine.onMessage(availability('gas-1', false), T0);
    expect(engine.onMessage(reading('gas-1', { battery: 50 }), T0 + SECOND)).toEqual([]);
    expect(engine.tick(T0 + HOUR)).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ key: `${KEY}:gas-1` })]),
    );
  });
});

describe('device offline: silent 5 min (fake clock)', () => {
  it('silence applies from the start to native devices only — not bridges, bridged devices or a GB/T 26875 panel never heard', () => {
    const engine = offlineEngine();
    expect(engine.tick(T0 + 5 * MINUTE - 1)).toEqual([]);
    const out = engine.tick(T0 + 5 * MINUTE);
    expect(
      alerts(out)
        .map((a) => a.device)
        .sort(),
    ).toEqual([...NATIVE].sort());
    expect(out.filter((t) => t.kind === 'hazard')).toHaveLength(NATIVE.length);
    expect(alerts(out)[0]).toMatchObject({
      type: 'device_offline',
      detail: { cause: 'silence', lastHeard: T0 },
    });
    expect(engine.tick(T0 + HOUR)).toEqual([]); // once
    expect(NATIVE).toEqual(expect.arrayContaining(['smk-red', 'sos-1', 'pat-2', 'smk-3']));
    expect(NATIVE).not.toEqual(expect.arrayContaining(['z2m-1']));
  });

  it('any message restarts the 5 minutes; after a silence any message clears it', () => {
    const engine = new RuleEngine(
      SITES,
      parseRuleConfig([{ id: KEY, match: { devices: ['gas-1'] } }]).filter((r) => r.id === KEY),
    );
    engine.tick(T0);
    engine.onMessage(reading('gas-1', { battery: 50 }), T0 + 3 * MINUTE);
    expect(engine.tick(T0 + 8 * MINUTE - 1)).toEqual([]);
    expect(summary(engine.tick(T0 + 8 * MINUTE))).toEqual([`alert ${KEY}:gas-1`, `hazard ${KEY}:gas-1`]);
    expect(summary(engine.onMessage(event('gas-1', 'low_battery'), T0 + 9 * MINUTE))).toEqual([
      `clear ${KEY}:gas-1`,
    ]);
    expect(engine.tick(T0 + 13 * MINUTE)).toEqual([]);
    expect(engine.tick(T0 + 14 * MINUTE)).toHaveLength(2);
  });

  it('a GB/T 26875 panel is watched once it has spoken', () => {
    const engine = offlineEngine();
    engine.onMessage(availability('fap-1', true), T0 + MINUTE);
    const keys = summary(engine.tick(T0 + 6 * MINUTE));
    expect(keys).toContain(`alert ${KEY}:fap-1`);
    expect(silenceWatch(SITES.deviceById.get('fap-1'))).toBe('after_first_message');
  });

  it('cameras count as alive while their NVR is: a camera is never reported silent', () => {
    const engine = offlineEngine();
    engine.onMessage(event('cam-1', 'intrusion'), T0);
    engine.onMessage(availability('nvr-1', true), T0);
    const out = engine.tick(T0 + 10 * HOUR);
    expect(out.filter((t) => t.key.includes('cam-1') || t.key.includes('nvr-1'))).toEqual([]);
    expect(silenceWatch(SITES.deviceById.get('cam-1'))).toBe('never');
    expect(silenceWatch(SITES.deviceById.get('zdoor-1'))).toBe('never');
    expect(silenceWatch(SITES.deviceById.get('nvr-1'))).toBe('never');
    expect(silenceWatch(SITES.deviceById.get('gas-1'))).toBe('from_start');
  });

  it('the silence can be overridden (silentSeconds)', () => {
    const rules = parseRuleConfig([{ id: KEY, silentSeconds: '10m', match: { devices: ['gas-1'] } }]).filter(
      (r) => r.id === KEY,
    );
    const engine = new RuleEngine(SITES, rules, { startedAt: T0 });
    expect(engine.tick(T0 + 10 * MINUTE - 1)).toEqual([]);
    expect(engine.tick(T0 + 10 * MINUTE)).toHaveLength(2);
  });
});

describe('device offline: flap suppression (> 4 changes in 10 min)', () => {
  /** online at 0, then a change every 2 s: offline, online, offline, … (`changes` of them). */
  function flap(engine: RuleEngine, device: string, changes: number): string[][] {
    engine.onMessage(availability(device, true), T0);
    return Array.from({ length: changes }, (_, i) =>
      summary(engine.onMessage(availability(device, i % 2 === 1), T0 + (i + 1) * 2 * SECOND)),
    );
  }

  it('reports 4 changes, then one device_flapping alert instead, then nothing while it flaps', () => {
    const engine = offlineEngine();
    expect(flap(engine, 'gas-1', 7)).toEqual([
      [`alert ${KEY}:gas-1`, `hazard ${KEY}:gas-1`],
      [`clear ${KEY}:gas-1`],
      [`alert ${KEY}:gas-1`, `hazard ${KEY}:gas-1`],
      [`clear ${KEY}:gas-1`],
      [`alert ${KEY}:gas-1:flapping`],
      [],
      [],
    ]);
  });

  it('the flapping alert is low (raised at red), auto-resolvable, keyed apart', () => {
    const engine = offlineEngine();
    const fifth = flap(engine, 'zdoor-1', 5);
    expect(fifth[4]).toEqual([`alert ${KEY}:zdoor-1:flapping`]);
    const again = offlineEngine();
    again.onMessage(availability('zdoor-1', true), T0);
    const out = [1, 2, 3, 4, 5].flatMap((i) =>
      again.onMessage(availability('zdoor-1', i % 2 === 0), T0 + i * SECOND),
    );
    expect(alerts(out).at(-1)).toMatchObject({
      type: 'device_flapping',
      severity: 'medium',
      autoResolvable: true,
      rule: KEY,
      detail: { changes: 5, windowSeconds: 600 },
    });
  });

  it('once stable for the window: clears the flapping alert and reports the state it settled in (offline)', () => {
    const engine = offlineFor('gas-1');
    flap(engine, 'gas-1', 7); // last change at 14 s: offline
    const last = T0 + 14 * SECOND;
    expect(engine.tick(last + 10 * MINUTE - 1)).toEqual([]);
    expect(summary(engine.tick(last + 10 * MINUTE))).toEqual([
      `clear ${KEY}:gas-1:flapping`,
      `alert ${KEY}:gas-1`,
      `hazard ${KEY}:gas-1`,
    ]);
    expect(summary(engine.onMessage(availability('gas-1', true), last + 11 * MINUTE))).toEqual([
      `clear ${KEY}:gas-1`,
    ]);
  });

  it('settled online: clears both', () => {
    const engine = offlineFor('zdoor-1');
    flap(engine, 'zdoor-1', 6); // last change at 12 s: online
    expect(summary(engine.tick(T0 + 12 * SECOND + 10 * MINUTE))).toEqual([
      `clear ${KEY}:zdoor-1:flapping`,
      `clear ${KEY}:zdoor-1`,
    ]);
  });

  it('a change while flapping restarts the stable window', () => {
    const engine = offlineFor('zdoor-1');
    flap(engine, 'zdoor-1', 5);
    engine.onMessage(availability('zdoor-1', true), T0 + 5 * MINUTE);
    expect(engine.tick(T0 + 10 * SECOND + 10 * MINUTE)).toEqual([]);
    expect(engine.tick(T0 + 15 * MINUTE)).toHaveLength(2);
  });

  it('4 changes in the window, or 5 spread wider than it, are not flapping', () => {
    const engine = offlineEngine();
    expect(flap(engine, 'gas-1', 4).flat()).not.toContain(`alert ${KEY}:gas-1:flapping`);
    const slow = offlineEngine();
    slow.onMessage(availability('zdoor-1', true), T0);
    const out = [1, 2, 3, 4, 5].flatMap((i) =>
      slow.onMessage(availability('zdoor-1', i % 2 === 0), T0 + i * 3 * MINUTE),
    );
    expect(summary(out)).not.toContain(`alert ${KEY}:zdoor-1:flapping`);
  });

  it('without an alert (alert: null) the rule keeps its hazards and opens no flapping alert either', () => {
    const rules = parseRuleConfig([{ id: KEY, alert: null, match: { devices: ['zdoor-1'] } }]).filter(
      (r) => r.id === KEY,
    );
    const engine = new RuleEngine(SITES, rules, { startedAt: T0 });
    expect(flap(engine, 'zdoor-1', 7)).toEqual([
      [`hazard ${KEY}:zdoor-1`],
      [`clear ${KEY}:zdoor-1`],
      [`hazard ${KEY}:zdoor-1`],
      [`clear ${KEY}:zdoor-1`],
      [],
      [],
      [],
    ]);
  });

  it('the flap parameters can be overridden', () => {
    const rules = parseRuleConfig([{ id: KEY, flap: { toggles: 6 } }]).filter((r) => r.id === KEY);
    const engine = new RuleEngine(SITES, rules, { startedAt: T0 });
    expect(flap(engine, 'zdoor-1', 6).flat()).not.toContain(`alert ${KEY}:zdoor-1:flapping`);
  });
});
