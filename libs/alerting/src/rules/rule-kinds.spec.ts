import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRuleConfig } from './rule-config';
import { RuleEngine } from './rule-engine';
import type { RuleKindDef } from './rule-kind';
import { kindProblems } from './rule-kind-checks';
import {
  BUILT_IN_RULE_KINDS,
  CONFIGURABLE_RULE_KINDS,
  RULE_KIND_NAMES,
  RULE_KINDS,
  type RuleKind,
} from './rule-kinds';
import type { RuleDefinition } from './rule-types';
import { SITES, T0 } from '../testing/rules.fixture';

const alert = { type: 'test_alert', severity: 'high' };

/** One sites-file entry per kind (built-in kinds: an override of their built-in rule). */
const SAMPLES: Record<RuleKind, { id: string } & Record<string, unknown>> = {
  event: { id: 'sample-event', kind: 'event', match: { eventTypes: ['smoke'] }, alert },
  threshold: {
    id: 'sample-threshold',
    kind: 'threshold',
    match: { metric: 'temperature' },
    op: '>=',
    value: 50,
    forSeconds: 0,
    alert,
  },
  rate_of_rise: {
    id: 'sample-rate',
    kind: 'rate_of_rise',
    match: { metric: 'temperature' },
    rise: 5,
    withinSeconds: 60,
    alert,
  },
  absence: { id: 'sample-absence', kind: 'absence', silentSeconds: 60, alert },
  count_window: {
    id: 'sample-count',
    kind: 'count_window',
    match: { eventTypes: ['smoke'] },
    count: 2,
    windowSeconds: 60,
    alert,
  },
  device_offline: { id: 'default:device_offline' },
  duty_patrol: { id: 'duty:patrol' },
  dormitory_audit: { id: 'audit:dormitory_smoke' },
};

/** The table entry with the kind-specific types widened, so one spy fits every kind. */
function defOf(kind: RuleKind): RuleKindDef<unknown, RuleDefinition> {
  return RULE_KINDS[kind];
}

function sampleRule(kind: RuleKind): RuleDefinition {
  const rule = parseRuleConfig([SAMPLES[kind]], { sites: SITES }).find((r) => r.id === SAMPLES[kind].id);
  if (!rule) throw new Error(`no rule ${SAMPLES[kind].id}`);
  return rule;
}

describe('RULE_KINDS: the one list of rule kinds', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(RULE_KIND_NAMES)(
    '%s: an entry is read with the schema and normalisation of its table entry',
    (kind) => {
      const def = defOf(kind);
      const parse = vi.spyOn(def.schema, 'safeParse');
      const normalize = vi.spyOn(def, 'normalize');
      expect(sampleRule(kind).kind).toBe(kind);
      expect(parse).toHaveBeenCalledTimes(1);
      expect(normalize).toHaveBeenCalledTimes(1);
    },
  );

  it.each(RULE_KIND_NAMES)('%s: the engine runs a rule the way its table entry says', (kind) => {
    const rule = sampleRule(kind);
    const run = defOf(kind).run;
    const spy = 'evaluator' in run ? vi.spyOn(run, 'evaluator') : vi.spyOn(run, 'audit');
    const engine = new RuleEngine(SITES, [rule], { startedAt: T0 });
    engine.tick(T0);
    engine.audit(T0);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it.each(RULE_KIND_NAMES)(
    '%s: the cross-key checks ask for the match keys its table entry requires',
    (kind) => {
      const problems = kindProblems({ kind, match: {}, alert });
      const needed = problems.filter((p) => p.includes(`a ${kind} rule needs`));
      expect(needed.map((p) => p.slice(p.indexOf('.') + 1, p.indexOf(':')))).toEqual(
        defOf(kind).match.required,
      );
    },
  );

  it('configurable and built-in kinds are read off the table, in its order', () => {
    expect([...CONFIGURABLE_RULE_KINDS, ...BUILT_IN_RULE_KINDS]).toEqual(RULE_KIND_NAMES);
    expect(CONFIGURABLE_RULE_KINDS).toEqual([
      'event',
      'threshold',
      'rate_of_rise',
      'absence',
      'count_window',
    ]);
    for (const kind of BUILT_IN_RULE_KINDS) expect(RULE_KINDS[kind].configurable).toBe(false);
  });
});
