import { describe, expect, it } from 'vitest';
import { parseRuleConfig } from '../rule-config';
import { RuleEngine } from '../rule-engine';
import type { RuleDefinition } from '../rule-types';
import {
  alerts,
  availability,
  defaults,
  event,
  HOUR,
  reading,
  SCHOOL_1,
  SCHOOL_2,
  SITES,
  summary,
  T0,
} from '../../testing/rules.fixture';

/** Monday 2026-11-30 22:00 in Asia/Shanghai: school 1 (07:00–18:00) is closed. */
const NIGHT = T0 + 12 * HOUR;
/** Saturday 2026-12-05 10:00: school 1 (Mon–Fri) is closed all day. */
const SATURDAY = T0 + 5 * 24 * HOUR;

function ownRule(rule: Record<string, unknown>): RuleDefinition[] {
  const all = parseRuleConfig([rule], { sites: SITES });
  return all.filter((r) => r.id === rule['id']);
}

describe('event match', () => {
  it('matches the event type only', () => {
    const engine = new RuleEngine(SITES, defaults('default:gas'));
    expect(engine.onMessage(event('gas-1', 'gas'), T0)).toHaveLength(1);
    expect(engine.onMessage(event('gas-1', 'smoke'), T0)).toEqual([]);
  });

  describe('Frigate zones: the event data.zones must intersect the rule zones', () => {
    const engine = new RuleEngine(
      SITES,
      ownRule({
        id: 'north-gate-person',
        kind: 'event',
        match: { eventTypes: ['intrusion'], zones: ['north_gate', 'wall'] },
        alert: { type: 'intrusion', severity: 'critical' },
      }),
    );

    it.each([
      [['north_gate'], 1],
      [['yard', 'wall'], 1],
      [['yard'], 0],
      [[], 0],
    ])('zones %j → %i trigger(s)', (zones, n) => {
      expect(engine.onMessage(event('cam-1', 'intrusion', { zones }), T0)).toHaveLength(n);
    });

    it('an event without zones, or with zones that are not a list, does not match', () => {
      expect(engine.onMessage(event('cam-1', 'intrusion'), T0)).toEqual([]);
      expect(engine.onMessage(event('cam-1', 'intrusion', { zones: 'north_gate' }), T0)).toEqual([]);
    });
  });

  describe('schedules use the school hours in the province timezone, at the event time', () => {
    const rule = (schedule: string) =>
      ownRule({
        id: `door-${schedule}`,
        kind: 'event',
        match: { eventTypes: ['door_forced'], schedule },
        alert: { type: 'door_forced', severity: 'critical' },
      });

    it('outside_school_hours: a weekday night and a Saturday, not a weekday morning', () => {
      const engine = new RuleEngine(SITES, rule('outside_school_hours'));
      expect(engine.onMessage(event('acc-1', 'door_forced', {}, T0), T0)).toEqual([]);
      expect(engine.onMessage(event('acc-1', 'door_forced', {}, NIGHT), NIGHT)).toHaveLength(1);
      expect(engine.onMessage(event('acc-1', 'door_forced', {}, SATURDAY), SATURDAY)).toHaveLength(1);
    });

    it('school_hours: the reverse', () => {
      const engine = new RuleEngine(SITES, rule('school_hours'));
      expect(engine.onMessage(event('acc-1', 'door_forced', {}, T0), T0)).toHaveLength(1);
      expect(engine.onMessage(event('acc-1', 'door_forced', {}, NIGHT), NIGHT)).toEqual([]);
    });

    it('at the exact opening and closing minutes (open inclusive, close exclusive)', () => {
      const engine = new RuleEngine(SITES, rule('outside_school_hours'));
      const opening = Date.UTC(2026, 10, 29, 23, 0); // Mon 07:00 local
      const closing = Date.UTC(2026, 10, 30, 10, 0); // Mon 18:00 local
      expect(engine.onMessage(event('acc-1', 'door_forced', {}, opening - 1), T0)).toHaveLength(1);
      expect(engine.onMessage(event('acc-1', 'door_forced', {}, opening), T0)).toEqual([]);
      expect(engine.onMessage(event('acc-1', 'door_forced', {}, closing - 1), T0)).toEqual([]);
      expect(engine.onMessage(event('acc-1', 'door_forced', {}, closing), T0)).toHaveLength(1);
    });

    it('judges the event time, not the receive time', () => {
      const engine = new RuleEngine(SITES, rule('outside_school_hours'));
      expect(engine.onMessage(event('acc-1', 'door_forced', {}, NIGHT), T0)).toHaveLength(1);
    });
  });

  it('device kinds, devices and schools (a county code covers its schools)', () => {
    const engine = new RuleEngine(SITES, [
      ...ownRule({
        id: 'k',
        kind: 'event',
        match: { eventTypes: ['fall'], deviceKinds: ['access_control'] },
        alert: { type: 'fall', severity: 'low' },
      }),
      ...ownRule({
        id: 'd',
        kind: 'event',
        match: { eventTypes: ['fall'], devices: ['gas-1'] },
        alert: { type: 'fall', severity: 'low' },
      }),
      ...ownRule({
        id: 's',
        kind: 'event',
        match: { eventTypes: ['fall'], schools: [SCHOOL_2] },
        alert: { type: 'fall', severity: 'low' },
      }),
      ...ownRule({
        id: 'c',
        kind: 'event',
        match: { eventTypes: ['fall'], schools: ['610112'] },
        alert: { type: 'fall', severity: 'low' },
      }),
    ]);
    expect(summary(engine.onMessage(event('acc-1', 'fall'), T0))).toEqual(['alert k:acc-1']);
    expect(summary(engine.onMessage(event('gas-1', 'fall'), T0))).toEqual(['alert d:gas-1']);
    expect(summary(engine.onMessage(event('dacc-1', 'fall'), T0))).toEqual([
      'alert k:dacc-1',
      'alert s:dacc-1',
    ]);
    expect(summary(engine.onMessage(event('smk-3', 'fall'), T0))).toEqual(['alert c:smk-3']);
    expect(SITES.deviceById.get('acc-1')?.org.school).toBe(SCHOOL_1);
  });

  it('ignores readings and availability', () => {
    const engine = new RuleEngine(SITES, defaults('default:smoke'));
    expect(
      engine.onMessage({ ...event('smk-blue', 'smoke'), kind: 'reading', metrics: { smoke: 1 } }, T0),
    ).toEqual([]);
  });

  describe('risk grade', () => {
    it('a red risk point raises the severity one step (high → critical); the rule severity stays in detail', () => {
      const engine = new RuleEngine(SITES, defaults('default:intrusion', 'default:smoke'));
      const [alert] = alerts(engine.onMessage(event('zdoor-1', 'intrusion'), T0));
      expect(alert).toMatchObject({ severity: 'critical', detail: { ruleSeverity: 'high', risk: 'red' } });
      expect(alerts(engine.onMessage(event('smk-red', 'smoke'), T0))[0]?.severity).toBe('critical');
    });

    it('orange, yellow and blue leave it', () => {
      const engine = new RuleEngine(SITES, defaults('default:door_forced'));
      for (const device of ['smk-orange', 'temp-1', 'smk-blue'])
        expect(alerts(engine.onMessage(event(device, 'door_forced'), T0))[0]?.severity).toBe('high');
    });

    it('riskOf (the risk-point register) takes precedence over the sites file', () => {
      const engine = new RuleEngine(SITES, defaults('default:gas'), {
        riskOf: (d) => (d === 'gas-1' ? 'red' : undefined),
      });
      expect(alerts(engine.onMessage(event('gas-1', 'gas'), T0))[0]?.severity).toBe('critical');
      expect(alerts(engine.onMessage(event('zdoor-1', 'gas'), T0))[0]?.severity).toBe('high');
    });
  });

  describe('panic alarms (GB 50394)', () => {
    it('sos from a one-key alarm, native or behind a Zigbee bridge, is panic and never auto-resolvable', () => {
      const engine = new RuleEngine(SITES);
      for (const device of ['sos-1', 'zsos-1']) {
        expect(alerts(engine.onMessage(event(device, 'sos'), T0))).toMatchObject([
          { type: 'sos', severity: 'critical', panic: true, autoResolvable: false },
        ]);
      }
    });

    it('stays critical even when the sos rule is lowered; sos from another kind is not panic', () => {
      const rules = parseRuleConfig([{ id: 'default:sos', alert: { severity: 'high' } }]);
      const engine = new RuleEngine(SITES, rules);
      expect(alerts(engine.onMessage(event('sos-1', 'sos'), T0))).toMatchObject([
        { severity: 'critical', panic: true },
      ]);
      expect(alerts(engine.onMessage(event('acc-1', 'sos'), T0))).toMatchObject([
        { severity: 'high', panic: false },
      ]);
    });

    it('nothing the device sends afterwards clears it', () => {
      const engine = new RuleEngine(SITES);
      engine.onMessage(availability('sos-1', false), T0);
      const out = [
        ...engine.onMessage(event('sos-1', 'sos'), T0),
        ...engine.onMessage(availability('sos-1', true), T0 + 1000),
        ...engine.onMessage(reading('sos-1', { battery: 90 }), T0 + 2000),
        ...engine.tick(T0 + 3600_000),
      ];
      expect(out.filter((t) => t.key === 'default:sos:sos-1').map((t) => t.kind)).toEqual(['alert']);
    });
  });
});
