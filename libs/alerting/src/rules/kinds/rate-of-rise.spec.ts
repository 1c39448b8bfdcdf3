import { describe, expect, it } from 'vitest';
import type { RuleEnv } from '../rule-evaluator';
import { RateOfRiseRuleEvaluator, type RateOfRiseRule } from './rate-of-rise';
import { reading, SITES, summary, T0 } from '../../testing/rules.fixture';

const env: RuleEnv = { sites: SITES, riskOf: (d) => SITES.deviceById.get(d)?.risk };
/** 8 °C within 60 s (a fixed-temperature-independent rate-of-rise heat detector). */
const RULE: RateOfRiseRule = {
  id: 'ror',
  kind: 'rate_of_rise',
  enabled: true,
  match: { metric: 'temperature', schedule: 'always' },
  rise: 8,
  withinSeconds: 60,
  alert: { type: 'heat', severity: 'high' },
};
const temp = (value: number, device = 'temp-1') => reading(device, { temperature: value });

describe('rate of rise', () => {
  it('fires when a reading is at least `rise` above the lowest earlier one in the window', () => {
    const rule = new RateOfRiseRuleEvaluator(RULE, env);
    expect(rule.onMessage(temp(20), T0)).toEqual([]);
    expect(rule.onMessage(temp(25), T0 + 20_000)).toEqual([]);
    expect(rule.onMessage(temp(27.9), T0 + 30_000)).toEqual([]);
    const out = rule.onMessage(temp(28), T0 + 40_000);
    expect(summary(out)).toEqual(['alert ror:temp-1']);
    expect(out[0]).toMatchObject({
      autoResolvable: false,
      detail: { from: 20, value: 28, rise: 8, fromAt: T0 },
    });
  });

  it('the window includes a reading exactly withinSeconds old, not one a millisecond older', () => {
    const edge = new RateOfRiseRuleEvaluator(RULE, env);
    edge.onMessage(temp(20), T0);
    expect(summary(edge.onMessage(temp(28), T0 + 60_000))).toEqual(['alert ror:temp-1']);
    const past = new RateOfRiseRuleEvaluator(RULE, env);
    past.onMessage(temp(20), T0);
    expect(past.onMessage(temp(28), T0 + 60_001)).toEqual([]);
  });

  it('a slow climb never fires', () => {
    const rule = new RateOfRiseRuleEvaluator(RULE, env);
    const out = Array.from({ length: 20 }, (_, i) =>
      rule.onMessage(temp(20 + i * 3), T0 + i * 61_000),
    ).flat();
    expect(out).toEqual([]);
  });

  it('fires once per rise and re-arms when the rise is over', () => {
    const rule = new RateOfRiseRuleEvaluator(RULE, env);
    rule.onMessage(temp(20), T0);
    expect(rule.onMessage(temp(30), T0 + 10_000)).toHaveLength(1);
    expect(rule.onMessage(temp(35), T0 + 20_000)).toEqual([]);
    expect(rule.onMessage(temp(35), T0 + 90_000)).toEqual([]); // 20 and 30 left the window: no rise
    expect(rule.onMessage(temp(44), T0 + 100_000)).toHaveLength(1);
  });

  it('a fall does not count, and devices are apart', () => {
    const rule = new RateOfRiseRuleEvaluator(RULE, env);
    rule.onMessage(temp(40), T0);
    expect(rule.onMessage(temp(30), T0 + 1_000)).toEqual([]);
    rule.onMessage(temp(20, 'temp-red'), T0 + 2_000);
    expect(rule.onMessage(temp(36), T0 + 3_000)).toEqual([]);
    const [red] = rule.onMessage(temp(28, 'temp-red'), T0 + 4_000);
    expect(red).toMatchObject({ key: 'ror:temp-red', severity: 'critical' });
  });
});
