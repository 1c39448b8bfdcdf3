import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './default-rules';
import { RuleEngine } from './rule-engine';
import { alerts, availability, event, hazards, reading, SECOND, SITES, T0 } from '../testing/rules.fixture';

/** Every default rule of docs/alerting.md at work in the full pack, on devices at no red risk point. */
describe('the default pack', () => {
  it('has the stable ids, in order', () => {
    expect(DEFAULT_RULES.map((r) => r.id)).toEqual([
      'default:smoke',
      'default:fire',
      'default:sos',
      'default:gas',
      'default:intrusion',
      'default:door_forced',
      'default:fight',
      'default:heat',
      'default:device_offline',
      'default:fault',
      'duty:patrol',
      'audit:dormitory_smoke',
    ]);
    expect(DEFAULT_RULES.every((r) => r.enabled)).toBe(true);
  });

  it.each([
    ['smoke', 'critical'],
    ['fire', 'critical'],
    ['sos', 'critical'],
    ['gas', 'high'],
    ['intrusion', 'high'],
    ['door_forced', 'high'],
    ['fight', 'high'],
  ] as const)('event %s → alert %s, %s, resolved by people only', (type, severity) => {
    const engine = new RuleEngine(SITES);
    const out = engine.onMessage(event('gas-1', type, { zone: 'x' }), T0);
    expect(out).toEqual([
      {
        kind: 'alert',
        key: `default:${type}:gas-1`,
        rule: `default:${type}`,
        type,
        severity,
        org: SITES.deviceById.get('gas-1')?.org,
        device: 'gas-1',
        at: T0,
        panic: false,
        autoResolvable: false,
        detail: { eventType: type, ts: T0, data: { zone: 'x' }, ruleSeverity: severity },
      },
    ]);
  });

  it('a repeat of an event triggers again under the same key (the service counts occurrences)', () => {
    const engine = new RuleEngine(SITES);
    const first = engine.onMessage(event('smk-blue', 'smoke'), T0);
    const second = engine.onMessage(event('smk-blue', 'smoke'), T0 + SECOND);
    expect(first.map((t) => t.key)).toEqual(['default:smoke:smk-blue']);
    expect(second.map((t) => t.key)).toEqual(['default:smoke:smk-blue']);
  });

  it.each([
    'crowd',
    'fall',
    'loitering',
    'tamper',
    'low_battery',
    'water_leak',
    'heat',
    'door_held_open',
    'patrol_checkin',
  ])('event %s opens nothing by default', (type) => {
    expect(new RuleEngine(SITES).onMessage(event('gas-1', type), T0)).toEqual([]);
  });

  it('temperature ≥ 57 held 10 s → heat, high, auto-resolvable', () => {
    const engine = new RuleEngine(SITES);
    expect(engine.onMessage(reading('temp-1', { temperature: 57 }), T0)).toEqual([]);
    const out = alerts(engine.onMessage(reading('temp-1', { temperature: 58 }), T0 + 10 * SECOND));
    expect(out).toMatchObject([
      {
        key: 'default:heat:temp-1',
        rule: 'default:heat',
        type: 'heat',
        severity: 'high',
        autoResolvable: true,
        panic: false,
      },
    ]);
    expect(out[0]?.detail).toMatchObject({
      metric: 'temperature',
      value: 58,
      threshold: 57,
      op: '>=',
      risk: 'yellow',
    });
  });

  it('device offline (status false) → device_offline, low, and a general hazard', () => {
    const engine = new RuleEngine(SITES);
    const out = engine.onMessage(availability('gas-1', false), T0);
    expect(alerts(out)).toMatchObject([
      { key: 'default:device_offline:gas-1', type: 'device_offline', severity: 'low', autoResolvable: true },
    ]);
    expect(hazards(out)).toMatchObject([
      {
        key: 'default:device_offline:gas-1',
        source: 'default:device_offline',
        title: '设备离线',
        grade: 'general',
        deadlineDays: 3,
        device: 'gas-1',
      },
    ]);
  });

  it('event fault → a general hazard, no alert', () => {
    const out = new RuleEngine(SITES).onMessage(event('gas-1', 'fault', { code: 'E12' }), T0);
    expect(out).toMatchObject([
      {
        kind: 'hazard',
        key: 'default:fault:gas-1',
        source: 'default:fault',
        title: '设备故障',
        grade: 'general',
        deadlineDays: 7,
      },
    ]);
  });

  it('sos from a one-key alarm is a panic alarm: critical, never auto-resolvable', () => {
    const out = alerts(new RuleEngine(SITES).onMessage(event('sos-1', 'sos'), T0));
    expect(out).toMatchObject([{ type: 'sos', severity: 'critical', panic: true, autoResolvable: false }]);
  });
});
