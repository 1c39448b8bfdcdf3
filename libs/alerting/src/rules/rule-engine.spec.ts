import { readFileSync } from 'node:fs';
import { DEMO_SITES_PATH, liveSites, parseSites, SitesHolder } from '@campus/device-protocols';
import { describe, expect, it } from 'vitest';
import { loadRules } from './rule-config';
import { RuleConfigError } from './rule-config-error';
import { RuleEngine } from './rule-engine';
import {
  alerts,
  event,
  MINUTE,
  reading,
  SECOND,
  SITES,
  summary,
  T0,
  testSites,
} from '../testing/rules.fixture';

const RULES_SECTION = `rules:
  - { id: default:smoke, enabled: false }
  - { id: default:heat, value: 60 }
  - id: north-gate-night
    kind: event
    match: { eventTypes: [intrusion], zones: [north_gate], schedule: outside_school_hours }
    alert: { type: intrusion, severity: critical }
`;

describe('RuleEngine with a rules: section in the sites file', () => {
  const sites = testSites(RULES_SECTION);

  it('a disabled default rule opens nothing', () => {
    expect(new RuleEngine(sites).onMessage(event('smk-blue', 'smoke'), T0)).toEqual([]);
    expect(summary(new RuleEngine(SITES).onMessage(event('smk-blue', 'smoke'), T0))).toEqual([
      'alert default:smoke:smk-blue',
    ]);
  });

  it('a changed threshold: 58 °C held is no longer heat, 60 °C is', () => {
    const engine = new RuleEngine(sites, undefined, { startedAt: T0 });
    engine.onMessage(reading('temp-1', { temperature: 58 }), T0);
    expect(alerts(engine.onMessage(reading('temp-1', { temperature: 59.9 }), T0 + 10 * SECOND))).toEqual([]);
    engine.onMessage(reading('temp-1', { temperature: 60 }), T0 + 11 * SECOND);
    expect(summary(engine.tick(T0 + 21 * SECOND))).toEqual(['alert default:heat:temp-1']);
  });

  it('an added zone-restricted rule fires with the default intrusion rule, in rule order', () => {
    const engine = new RuleEngine(sites);
    const night = T0 + 12 * 3600_000;
    const inZone = event('cam-1', 'intrusion', { zones: ['north_gate'] }, night);
    expect(summary(engine.onMessage(inZone, night))).toEqual([
      'alert default:intrusion:cam-1',
      'alert north-gate-night:cam-1',
    ]);
    const [, own] = alerts(engine.onMessage(inZone, night));
    expect(own).toMatchObject({ rule: 'north-gate-night', severity: 'critical' });
    const elsewhere = event('cam-1', 'intrusion', { zones: ['yard'] }, night);
    expect(summary(engine.onMessage(elsewhere, night))).toEqual(['alert default:intrusion:cam-1']);
    const daytime = event('cam-1', 'intrusion', { zones: ['north_gate'] }, T0);
    expect(summary(engine.onMessage(daytime, T0))).toEqual(['alert default:intrusion:cam-1']);
  });

  it('an invalid rules section is refused at construction with the index, id and reason', () => {
    const bad = testSites('rules:\n  - { id: default:heat, value: hot }\n');
    expect(() => new RuleEngine(bad)).toThrow(RuleConfigError);
    expect(() => new RuleEngine(bad)).toThrow(
      'rules-fixture.yaml: rules[0] (id "default:heat"): value: expected a number, got the text "hot"',
    );
  });
});

describe('RuleEngine clock', () => {
  it('starts at the first time it is given when no startedAt is passed', () => {
    const engine = new RuleEngine(SITES);
    engine.onMessage(reading('gas-1', { battery: 90 }), T0 + MINUTE);
    // smk-blue was never heard: silent from the start (T0 + 1 min), so offline at T0 + 6 min.
    expect(summary(engine.tick(T0 + 6 * MINUTE - 1))).toEqual([]);
    expect(summary(engine.tick(T0 + 6 * MINUTE))).toContain('alert default:device_offline:smk-blue');
    expect(summary(engine.tick(T0 + 6 * MINUTE))).not.toContain('alert default:device_offline:gas-1');
  });

  it('exposes the rules in force', () => {
    const engine = new RuleEngine(testSites(RULES_SECTION));
    expect(engine.rules.map((r) => r.id).at(-1)).toBe('north-gate-night');
    expect(engine.rules.find((r) => r.id === 'default:smoke')?.enabled).toBe(false);
  });
});

describe('the built-in demo province', () => {
  const demo = parseSites(readFileSync(DEMO_SITES_PATH, 'utf8'), 'demo');

  it('loads the default pack and audits without a finding for a dormitory building that has smoke detection', () => {
    const engine = new RuleEngine(demo);
    const findings = engine.audit(T0);
    expect(findings.every((t) => t.kind === 'hazard' && t.grade === 'major')).toBe(true);
    expect(summary(findings).filter((k) => k.includes('3161010024:学生宿舍楼'))).toEqual([]);
  });
});

describe('RuleEngine following the registry (reconfigure)', () => {
  it('keeps the state of an unchanged rule, starts a changed one afresh, drops a removed one', () => {
    const holder = new SitesHolder(testSites(), 1);
    const live = liveSites(holder);
    const engine = new RuleEngine(live, undefined, { startedAt: T0 });
    engine.onMessage(reading('temp-1', { temperature: 61 }), T0);

    // another rule changes: the heat threshold held since T0 goes on
    holder.replace(testSites('rules:\n  - { id: default:smoke, enabled: false }\n'), 2);
    expect(engine.reconfigure(loadRules(holder.current), T0 + 5 * SECOND).started).toBe(0);
    expect(summary(engine.tick(T0 + 10 * SECOND))).toEqual(['alert default:heat:temp-1']);
    expect(engine.onMessage(event('smk-blue', 'smoke'), T0 + 11 * SECOND)).toEqual([]);

    // the heat rule itself changes: its held state is gone, the new threshold applies from now
    holder.replace(testSites('rules:\n  - { id: default:heat, value: 62 }\n'), 3);
    const { started } = engine.reconfigure(loadRules(holder.current), T0 + 13 * SECOND);
    expect(started).toBe(2); // heat changed, smoke enabled again
    expect(alerts(engine.tick(T0 + 30 * SECOND))).toEqual([]);
    engine.onMessage(reading('temp-1', { temperature: 65 }), T0 + 31 * SECOND);
    expect(summary(engine.tick(T0 + 42 * SECOND))).toEqual(['alert default:heat:temp-1']);
    expect(summary(engine.onMessage(event('smk-blue', 'smoke'), T0 + 43 * SECOND))).toEqual([
      'alert default:smoke:smk-blue',
    ]);
  });
});
