import { describe, expect, it } from 'vitest';
import type { RuleEnv } from '../rule-evaluator';
import { CountWindowRuleEvaluator, type CountWindowRule } from './count-window';
import { event, SCHOOL_1, SITES, summary, T0 } from '../../testing/rules.fixture';

const env: RuleEnv = { sites: SITES, riskOf: (d) => SITES.deviceById.get(d)?.risk };
const rule = (per: 'device' | 'school'): CountWindowRule => ({
  id: 'forced-3',
  kind: 'count_window',
  enabled: true,
  match: { eventTypes: ['door_forced'], schedule: 'always' },
  count: 3,
  windowSeconds: 60,
  per,
  alert: { type: 'door_forced_repeated', severity: 'high' },
});
const forced = (device: string) => event(device, 'door_forced');

describe('count in a window', () => {
  it('fires on the Nth event within the window, then counts afresh', () => {
    const r = new CountWindowRuleEvaluator(rule('device'), env);
    expect(r.onMessage(forced('acc-1'), T0)).toEqual([]);
    expect(r.onMessage(forced('acc-1'), T0 + 10_000)).toEqual([]);
    const out = r.onMessage(forced('acc-1'), T0 + 20_000);
    expect(summary(out)).toEqual(['alert forced-3:acc-1']);
    expect(out[0]).toMatchObject({ device: 'acc-1', detail: { count: 3, firstAt: T0 } });
    expect(r.onMessage(forced('acc-1'), T0 + 21_000)).toEqual([]);
    expect(r.onMessage(forced('acc-1'), T0 + 22_000)).toEqual([]);
    expect(r.onMessage(forced('acc-1'), T0 + 23_000)).toHaveLength(1);
  });

  it('an event exactly windowSeconds old still counts; older ones expire', () => {
    const edge = new CountWindowRuleEvaluator(rule('device'), env);
    edge.onMessage(forced('acc-1'), T0);
    edge.onMessage(forced('acc-1'), T0 + 30_000);
    expect(edge.onMessage(forced('acc-1'), T0 + 60_000)).toHaveLength(1);
    const expired = new CountWindowRuleEvaluator(rule('device'), env);
    expired.onMessage(forced('acc-1'), T0);
    expired.onMessage(forced('acc-1'), T0 + 30_000);
    expect(expired.onMessage(forced('acc-1'), T0 + 60_001)).toEqual([]);
    expect(expired.onMessage(forced('acc-1'), T0 + 61_000)).toHaveLength(1);
  });

  it('per device: events at different devices do not add up; other event types do not count', () => {
    const r = new CountWindowRuleEvaluator(rule('device'), env);
    r.onMessage(forced('acc-1'), T0);
    r.onMessage(forced('gas-1'), T0);
    r.onMessage(event('acc-1', 'intrusion'), T0);
    expect(r.onMessage(forced('smk-blue'), T0)).toEqual([]);
  });

  it('per school: events at any device of the school add up, keyed by school with no device', () => {
    const r = new CountWindowRuleEvaluator(rule('school'), env);
    r.onMessage(forced('acc-1'), T0);
    r.onMessage(forced('gas-1'), T0 + 1_000);
    expect(r.onMessage(forced('dacc-1'), T0 + 2_000)).toEqual([]); // another school
    const out = r.onMessage(forced('smk-red'), T0 + 3_000);
    expect(out).toMatchObject([{ key: `forced-3:${SCHOOL_1}`, device: null, severity: 'high' }]);
  });
});
