import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './default-rules';
import { loadRules, parseRuleConfig } from './rule-config';
import { RuleConfigError } from './rule-config-error';
import { SITES, testSites } from '../testing/rules.fixture';

function problemsOf(raw: unknown): string[] {
  try {
    parseRuleConfig(raw, { sites: SITES });
  } catch (e) {
    if (e instanceof RuleConfigError)
      return e.problems.map((p) => `${p.index ?? '-'} ${p.id ?? '-'}: ${p.reason}`);
    throw e;
  }
  throw new Error('expected the rules to be refused');
}

const byId = (rules: ReturnType<typeof parseRuleConfig>, id: string) => rules.find((r) => r.id === id);

describe('parseRuleConfig: no rules section', () => {
  it('gives the default pack when the section is absent or empty', () => {
    expect(parseRuleConfig(undefined)).toEqual(DEFAULT_RULES);
    expect(parseRuleConfig(null)).toEqual(DEFAULT_RULES);
    expect(parseRuleConfig([])).toEqual(DEFAULT_RULES);
  });

  it('refuses a section that is not a list', () => {
    expect(() => parseRuleConfig({ id: 'x' }, { source: 'sites.yaml' })).toThrow(
      'sites.yaml: rules: expected a list of rules (lines starting with "- "), got a mapping (key: value)',
    );
  });
});

describe('parseRuleConfig: overriding a default rule by id', () => {
  it('disables one, keeping the others in place', () => {
    const rules = parseRuleConfig([{ id: 'default:smoke', enabled: false }]);
    expect(rules.map((r) => r.id)).toEqual(DEFAULT_RULES.map((r) => r.id));
    expect(byId(rules, 'default:smoke')?.enabled).toBe(false);
    expect(byId(rules, 'default:fire')?.enabled).toBe(true);
  });

  it('changes the heat threshold and hold, keeping the rest', () => {
    const heat = byId(parseRuleConfig([{ id: 'default:heat', value: 60, forSeconds: '1m' }]), 'default:heat');
    expect(heat).toEqual({
      id: 'default:heat',
      kind: 'threshold',
      enabled: true,
      match: { metric: 'temperature', schedule: 'always' },
      op: '>=',
      value: 60,
      forSeconds: 60,
      alert: { type: 'heat', severity: 'high' },
    });
  });

  it('merges match, alert and hazard key by key; null drops an output', () => {
    const rules = parseRuleConfig([
      { id: 'default:gas', alert: { severity: 'critical' }, match: { schools: ['610113'] } },
      { id: 'default:device_offline', hazard: null, flap: { toggles: 6 } },
    ]);
    expect(byId(rules, 'default:gas')).toMatchObject({
      match: { eventTypes: ['gas'], schools: ['610113'], schedule: 'always' },
      alert: { type: 'gas', severity: 'critical' },
    });
    const offline = byId(rules, 'default:device_offline');
    expect(offline).not.toHaveProperty('hazard');
    expect(offline).toMatchObject({ flap: { toggles: 6, windowSeconds: 600 }, silentSeconds: 300 });
  });

  it('accepts ≥ and ≤ as >= and <=', () => {
    expect(byId(parseRuleConfig([{ id: 'default:heat', op: '≥' }]), 'default:heat')).toMatchObject({
      op: '>=',
    });
  });

  it('overrides the duty and audit rules too', () => {
    const rules = parseRuleConfig([
      { id: 'duty:patrol', minCheckins: 3 },
      { id: 'audit:dormitory_smoke', enabled: false },
    ]);
    expect(byId(rules, 'duty:patrol')).toMatchObject({ minCheckins: 3 });
    expect(byId(rules, 'audit:dormitory_smoke')?.enabled).toBe(false);
  });
});

describe('parseRuleConfig: rules of its own', () => {
  it('adds a zone-restricted event rule after the defaults, with defaults filled in', () => {
    const rules = parseRuleConfig(
      [
        {
          id: 'gate-night-person',
          kind: 'event',
          match: { eventTypes: ['intrusion'], zones: ['north_gate'], schedule: 'outside_school_hours' },
          alert: { type: 'intrusion', severity: 'critical' },
        },
      ],
      { sites: SITES },
    );
    expect(rules.slice(0, DEFAULT_RULES.length)).toEqual(DEFAULT_RULES);
    expect(rules[DEFAULT_RULES.length]).toEqual({
      id: 'gate-night-person',
      kind: 'event',
      enabled: true,
      match: { eventTypes: ['intrusion'], zones: ['north_gate'], schedule: 'outside_school_hours' },
      alert: { type: 'intrusion', severity: 'critical' },
    });
  });

  it('reads every kind with its parameters; durations as seconds or "2m"; hazard deadline by grade', () => {
    const rules = parseRuleConfig([
      {
        id: 'r1',
        kind: 'rate_of_rise',
        match: { metric: 'temperature' },
        rise: 8,
        withinSeconds: '2m',
        alert: { type: 'heat', severity: 'high' },
      },
      {
        id: 'r2',
        kind: 'absence',
        match: { deviceKinds: ['patrol_checkpoint'], eventTypes: ['patrol_checkin'] },
        silentSeconds: '2h',
        hazard: { grade: 'general', title: '巡更点长时间无打卡' },
      },
      {
        id: 'r3',
        kind: 'count_window',
        match: { eventTypes: ['door_forced'] },
        count: 3,
        windowSeconds: 60,
        per: 'school',
        alert: { type: 'door_forced', severity: 'critical' },
      },
      {
        id: 'r4',
        kind: 'threshold',
        match: { metric: 'humidity' },
        op: '<',
        value: 20,
        forSeconds: 0,
        hazard: { grade: 'major', title: '档案室过于干燥', deadlineDays: 3 },
      },
    ]);
    expect(rules.slice(DEFAULT_RULES.length)).toMatchObject([
      { id: 'r1', rise: 8, withinSeconds: 120 },
      { id: 'r2', silentSeconds: 7200, hazard: { grade: 'general', deadlineDays: 7 } },
      { id: 'r3', count: 3, windowSeconds: 60, per: 'school' },
      { id: 'r4', op: '<', forSeconds: 0, hazard: { grade: 'major', deadlineDays: 3 } },
    ]);
    const r3 = parseRuleConfig([
      {
        id: 'r3',
        kind: 'count_window',
        match: { eventTypes: ['fight'] },
        count: 2,
        windowSeconds: 9,
        alert: { type: 'fight', severity: 'high' },
      },
    ]);
    expect(r3.at(-1)).toMatchObject({ per: 'device' });
  });

  it('loadRules reads the rules section of a parsed sites file', () => {
    const sites = testSites(
      'rules:\n  - { id: default:heat, value: 60 }\n  - { id: default:smoke, enabled: false }\n',
    );
    const rules = loadRules(sites);
    expect(byId(rules, 'default:heat')).toMatchObject({ value: 60 });
    expect(byId(rules, 'default:smoke')?.enabled).toBe(false);
  });
});

describe('parseRuleConfig: refused entries name their index, id and reason', () => {
  it('an unknown kind, or none', () => {
    expect(problemsOf([{ id: 'a', kind: 'treshold' }, { id: 'b' }])).toEqual([
      '0 a: unknown kind "treshold" — use one of event, threshold, rate_of_rise, absence, count_window',
      '1 b: missing required key "kind" — one of event, threshold, rate_of_rise, absence, count_window',
    ]);
  });

  it('a missing or malformed id, a duplicate id, an entry that is not a mapping', () => {
    expect(problemsOf([{ kind: 'event' }, { id: 'has space', kind: 'event' }, 'smoke'])).toEqual([
      '0 -: missing required key "id"',
      '1 has space: id: the text "has space" is not a rule id — letters, digits and _ : . - (up to 100), e.g. lab-night-intrusion',
      '2 -: expected a mapping with at least an id, got the text "smoke"',
    ]);
    const ok = {
      kind: 'event',
      match: { eventTypes: ['fight'] },
      alert: { type: 'fight', severity: 'high' },
    };
    expect(
      problemsOf([
        { id: 'x', ...ok },
        { id: 'x', ...ok },
      ]),
    ).toEqual(['1 x: id "x" is already used by rules[0]']);
  });

  it('missing parameters, wrong types, unknown keys', () => {
    expect(
      problemsOf([
        {
          id: 't',
          kind: 'threshold',
          match: { metric: 'temperature' },
          op: '>=',
          alert: { type: 'heat', severity: 'hot' },
          colour: 'red',
        },
      ]),
    ).toEqual([
      '0 t: alert.severity: unknown severity "hot" — use one of critical, high, medium, low',
      '0 t: missing required key "value"',
      '0 t: missing required key "forSeconds"',
      '0 t: unknown key "colour" — allowed keys here: id, enabled, match, alert, hazard, actions, kind, op, value, forSeconds',
    ]);
    expect(problemsOf([{ id: 'default:heat', value: 'hot', forSeconds: -1 }])).toEqual([
      '0 default:heat: value: expected a number, got the text "hot"',
      '0 default:heat: forSeconds: -1 is not a duration of whole seconds from 0 up to a week: a number of seconds, or "90s", "2m", "1h"',
    ]);
    expect(problemsOf([{ id: 'default:fire', match: { zones: 'gate' } }])).toEqual([
      '0 default:fire: match.zones: expected a list, got the text "gate"',
    ]);
  });

  it('match keys a kind does not read, or needs and lacks; a rule with no output', () => {
    expect(
      problemsOf([
        {
          id: 'a',
          kind: 'threshold',
          match: { eventTypes: ['smoke'] },
          op: '>',
          value: 1,
          forSeconds: 0,
          alert: { type: 'x', severity: 'low' },
        },
      ]),
    ).toEqual([
      '0 a: match.eventTypes: a threshold rule does not look at event types — allowed in match: deviceKinds, devices, schools, metric, schedule',
      '0 a: match.metric: a threshold rule needs a telemetry metric to look at',
    ]);
    expect(problemsOf([{ id: 'default:device_offline', match: { schedule: 'school_hours' } }])).toEqual([
      '0 default:device_offline: match.schedule: a device_offline rule does not look at a schedule — allowed in match: deviceKinds, devices, schools',
    ]);
    expect(problemsOf([{ id: 'b', kind: 'event', match: { eventTypes: ['fight'] } }])).toEqual([
      '0 b: give an alert: { type, severity } and/or a hazard: { grade, title }',
    ]);
    expect(problemsOf([{ id: 'default:smoke', alert: null }])).toEqual([
      '0 default:smoke: give an alert: { type, severity } and/or a hazard: { grade, title }',
    ]);
  });

  it('reserved ids that name no built-in rule; a kind change on a built-in; a built-in kind of its own', () => {
    expect(problemsOf([{ id: 'default:smok', enabled: false }])[0]).toMatch(
      /^0 default:smok: no built-in rule "default:smok" .* built-in ids: default:smoke, default:fire/,
    );
    expect(problemsOf([{ id: 'default:smoke', kind: 'count_window' }])).toEqual([
      '0 default:smoke: default:smoke is an event rule and its kind cannot change — disable it (enabled: false) and add a rule with an id of your own',
    ]);
    expect(problemsOf([{ id: 'mine', kind: 'device_offline' }])).toEqual([
      '0 mine: kind device_offline is built in — override its built-in rule by id (default:device_offline) or use one of event, threshold, rate_of_rise, absence, count_window',
    ]);
  });

  it('devices and org codes the sites file does not declare', () => {
    expect(
      problemsOf([{ id: 'default:smoke', match: { devices: ['smk-9'], schools: ['2161019999', '610113'] } }]),
    ).toEqual([
      '0 default:smoke: match.devices: no device "smk-9" in the sites file',
      '0 default:smoke: match.schools: no school or division "2161019999" in the sites file',
    ]);
  });

  it('reports every refused entry at once, in one printable message', () => {
    const error = (() => {
      try {
        parseRuleConfig([{ id: 'a', kind: 'nope' }, { id: 'default:heat', value: 60 }, { id: 'c' }], {
          source: 'sites.yaml',
        });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(RuleConfigError);
    expect((error as Error).message).toBe(
      'sites.yaml: 2 problems in rules:\n' +
        '  rules[0] (id "a"): unknown kind "nope" — use one of event, threshold, rate_of_rise, absence, count_window\n' +
        '  rules[2] (id "c"): missing required key "kind" — one of event, threshold, rate_of_rise, absence, count_window',
    );
  });
});

describe('parseRuleConfig: actions (linkage)', () => {
  const rule = (actions: unknown) => ({
    id: 'lab-night',
    kind: 'event',
    match: { eventTypes: ['intrusion'] },
    alert: { type: 'intrusion', severity: 'high' },
    actions,
  });

  it('carries a rule’s actions with defaults filled in', () => {
    const rules = parseRuleConfig([
      rule([{ command: 'sound', deviceKinds: ['siren'], params: { mode: 'burglar' } }]),
    ]);
    expect(byId(rules, 'lab-night')?.actions).toEqual([
      {
        command: 'sound',
        deviceKinds: ['siren'],
        scope: 'building',
        params: { mode: 'burglar' },
        confirm: false,
      },
    ]);
  });

  it('refuses unknown commands, kinds that cannot take the command, bad params and unknown devices, naming the rule', () => {
    expect(problemsOf([rule([{ command: 'explode' }])])).toEqual([
      expect.stringMatching(
        /^0 lab-night: actions\[0\]\.command: unknown command "explode" — use one of sound, silence/,
      ),
    ]);
    expect(problemsOf([rule([{ command: 'unlock', deviceKinds: ['siren'] }])])).toEqual([
      '0 lab-night: actions[0].deviceKinds[0]: a siren takes sound or silence, not unlock',
    ]);
    expect(problemsOf([rule([{ command: 'sound', params: { mode: 'party' } }])])).toEqual([
      expect.stringMatching(
        /^0 lab-night: actions\[0\]\.params: mode: .*\(sound takes mode: fire \| emergency \| burglar/,
      ),
    ]);
    expect(problemsOf([rule([{ command: 'unlock', devices: ['nope', 'smk-red'] }])])).toEqual([
      '0 lab-night: actions[0].devices: no device "nope" in the sites file',
      '0 lab-night: actions[0].devices: smk-red: a smoke_detector takes no commands — devices that do: siren, strobe, door_lock, broadcast_speaker, relay',
    ]);
    expect(problemsOf([rule([{ command: 'unlock', colour: 'red' }])])).toEqual([
      expect.stringMatching(/^0 lab-night: actions\[0\]: unknown key "colour"/),
    ]);
  });

  it('gives the default smoke, fire and sos rules their sirens', () => {
    const rules = parseRuleConfig(undefined);
    expect(byId(rules, 'default:smoke')?.actions).toEqual([
      {
        command: 'sound',
        deviceKinds: ['siren'],
        scope: 'building',
        params: { mode: 'fire' },
        confirm: false,
      },
    ]);
    expect(byId(rules, 'default:sos')?.actions?.[0]?.params).toEqual({ mode: 'emergency' });
  });
});
