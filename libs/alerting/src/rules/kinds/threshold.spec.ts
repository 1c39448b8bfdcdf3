import { describe, expect, it } from 'vitest';
import { parseRuleConfig } from '../rule-config';
import type { RuleEnv } from '../rule-evaluator';
import { ThresholdRuleEvaluator, type ThresholdRule } from './threshold';
import { defaultRule, reading, SECOND, SITES, summary, T0 } from '../../testing/rules.fixture';

const env: RuleEnv = { sites: SITES, riskOf: (d) => SITES.deviceById.get(d)?.risk };
const heat = () => new ThresholdRuleEvaluator(defaultRule('default:heat', 'threshold'), env);
const temp = (value: number, device = 'temp-1') => reading(device, { temperature: value });

describe('threshold held for a duration (default:heat: temperature ≥ 57 for 10 s)', () => {
  it('fires when a reading ≥ 57 arrives exactly 10 s after the first, not a millisecond before', () => {
    const rule = heat();
    expect(rule.onMessage(temp(57), T0)).toEqual([]);
    expect(rule.onMessage(temp(70), T0 + 10 * SECOND - 1)).toEqual([]);
    expect(summary(rule.onMessage(temp(57), T0 + 10 * SECOND))).toEqual(['alert default:heat:temp-1']);
  });

  it('56.9 does not start a hold', () => {
    const rule = heat();
    rule.onMessage(temp(56.9), T0);
    expect(rule.onMessage(temp(57), T0 + 10 * SECOND)).toEqual([]);
    expect(rule.tick(T0 + 19 * SECOND)).toEqual([]);
  });

  it('a reading below resets the hold; the next reading ≥ 57 starts it again', () => {
    const rule = heat();
    rule.onMessage(temp(60), T0);
    rule.onMessage(temp(56), T0 + 5 * SECOND);
    expect(rule.onMessage(temp(60), T0 + 10 * SECOND)).toEqual([]);
    expect(rule.tick(T0 + 19_999)).toEqual([]);
    expect(summary(rule.tick(T0 + 20 * SECOND))).toEqual(['alert default:heat:temp-1']);
  });

  it('completes on a tick at or after start + 10 s with no further reading, once', () => {
    const rule = heat();
    rule.onMessage(temp(58), T0);
    expect(rule.tick(T0 + 9_999)).toEqual([]);
    expect(summary(rule.tick(T0 + 10_000))).toEqual(['alert default:heat:temp-1']);
    expect(rule.tick(T0 + 11_000)).toEqual([]);
    expect(rule.onMessage(temp(65), T0 + 12_000)).toEqual([]);
  });

  it('clears when a reading is back below, then holds anew', () => {
    const rule = heat();
    rule.onMessage(temp(58), T0);
    const [alert] = rule.tick(T0 + 10_000);
    expect(alert).toMatchObject({ kind: 'alert', type: 'heat', severity: 'high', autoResolvable: true });
    expect(rule.onMessage(temp(56.99), T0 + 20_000)).toEqual([
      { kind: 'clear', key: 'default:heat:temp-1', at: T0 + 20_000 },
    ]);
    expect(rule.onMessage(temp(40), T0 + 21_000)).toEqual([]);
    rule.onMessage(temp(58), T0 + 30_000);
    expect(summary(rule.tick(T0 + 40_000))).toEqual(['alert default:heat:temp-1']);
  });

  it('no clear for a hold that never fired', () => {
    const rule = heat();
    rule.onMessage(temp(58), T0);
    expect(rule.onMessage(temp(20), T0 + 5_000)).toEqual([]);
  });

  it('readings without the metric neither start nor reset a hold', () => {
    const rule = heat();
    rule.onMessage(temp(58), T0);
    expect(rule.onMessage(reading('temp-1', { humidity: 10 }), T0 + 5_000)).toEqual([]);
    expect(summary(rule.tick(T0 + 10_000))).toEqual(['alert default:heat:temp-1']);
  });

  it('holds each device on its own; a red risk point raises heat to critical', () => {
    const rule = heat();
    rule.onMessage(temp(58, 'temp-1'), T0);
    rule.onMessage(temp(58, 'temp-red'), T0 + 5_000);
    expect(summary(rule.tick(T0 + 10_000))).toEqual(['alert default:heat:temp-1']);
    const [red] = rule.tick(T0 + 15_000);
    expect(red).toMatchObject({ key: 'default:heat:temp-red', severity: 'critical' });
  });

  it('an overridden value (60) moves the boundary', () => {
    const rules = parseRuleConfig([{ id: 'default:heat', value: 60 }]);
    const rule = new ThresholdRuleEvaluator(rules.find((r) => r.id === 'default:heat') as ThresholdRule, env);
    rule.onMessage(temp(59.9), T0);
    expect(rule.tick(T0 + 20_000)).toEqual([]);
    rule.onMessage(temp(60), T0 + 20_000);
    expect(summary(rule.tick(T0 + 30_000))).toEqual(['alert default:heat:temp-1']);
  });

  it.each([
    ['<', 20, 19.9, 20],
    ['<=', 20, 20, 20.1],
    ['>', 20, 20.1, 20],
  ] as const)('op %s %d: %d fires at once with forSeconds 0, %d does not', (op, value, yes, no) => {
    const rule = new ThresholdRuleEvaluator(
      {
        id: 'dry',
        kind: 'threshold',
        enabled: true,
        match: { metric: 'humidity', schedule: 'always' },
        op,
        value,
        forSeconds: 0,
        alert: { type: 'dry', severity: 'low' },
      },
      env,
    );
    expect(rule.onMessage(reading('temp-1', { humidity: no }), T0)).toEqual([]);
    expect(summary(rule.onMessage(reading('temp-1', { humidity: yes }), T0))).toEqual(['alert dry:temp-1']);
  });
});
