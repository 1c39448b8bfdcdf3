import { describe, expect, it } from 'vitest';
import type { RuleEnv } from '../rule-evaluator';
import type { RuleMatch } from '../rule-types';
import { AbsenceRuleEvaluator, type AbsenceRule } from './absence';
import { availability, event, HOUR, MINUTE, reading, SITES, summary, T0 } from '../../testing/rules.fixture';

const env: RuleEnv = { sites: SITES, riskOf: (d) => SITES.deviceById.get(d)?.risk };
const rule = (match: Omit<RuleMatch, 'schedule'> & Partial<RuleMatch>, silentSeconds = 600): AbsenceRule => ({
  id: 'quiet',
  kind: 'absence',
  enabled: true,
  match: { schedule: 'always', ...match },
  silentSeconds,
  alert: { type: 'no_patrol', severity: 'medium' },
});

/** A fake clock: the rule is started at T0, then ticked at chosen instants. */
function started(r: AbsenceRule): AbsenceRuleEvaluator {
  const e = new AbsenceRuleEvaluator(r, env);
  e.start(T0);
  return e;
}

describe('absence (silent for N seconds)', () => {
  it('watches declared matching devices from the start; fires at exactly silentSeconds, once', () => {
    const r = started(rule({ deviceKinds: ['patrol_checkpoint'] }));
    expect(r.tick(T0 + 10 * MINUTE - 1)).toEqual([]);
    expect(summary(r.tick(T0 + 10 * MINUTE))).toEqual(['alert quiet:pat-1', 'alert quiet:pat-2']);
    expect(r.tick(T0 + 20 * MINUTE)).toEqual([]);
  });

  it('any message resets the silence; a sign of life after firing clears it (auto-resolvable)', () => {
    const r = started(rule({ devices: ['pat-1'] }));
    r.onMessage(reading('pat-1', { battery: 80 }), T0 + 9 * MINUTE);
    expect(r.tick(T0 + 18 * MINUTE)).toEqual([]);
    const [alert] = r.tick(T0 + 19 * MINUTE);
    expect(alert).toMatchObject({
      key: 'quiet:pat-1',
      autoResolvable: true,
      detail: { lastHeard: T0 + 9 * MINUTE },
    });
    expect(r.onMessage(availability('pat-1', true), T0 + 20 * MINUTE)).toEqual([
      { kind: 'clear', key: 'quiet:pat-1', at: T0 + 20 * MINUTE },
    ]);
    expect(r.tick(T0 + 29 * MINUTE)).toEqual([]);
    expect(r.tick(T0 + 30 * MINUTE)).toHaveLength(1);
  });

  it('{"online": false} is no sign of life', () => {
    const r = started(rule({ devices: ['pat-1'] }));
    r.onMessage(availability('pat-1', false), T0 + 5 * MINUTE);
    expect(r.tick(T0 + 10 * MINUTE)).toHaveLength(1);
  });

  it('with eventTypes, only those events count as life', () => {
    const r = started(rule({ devices: ['pat-1'], eventTypes: ['patrol_checkin'] }, 2 * 3600));
    r.onMessage(reading('pat-1', { battery: 80 }), T0 + HOUR);
    r.onMessage(event('pat-1', 'low_battery'), T0 + HOUR);
    expect(r.tick(T0 + 2 * HOUR)).toHaveLength(1);
    expect(r.onMessage(event('pat-1', 'patrol_checkin'), T0 + 2 * HOUR + 1)).toHaveLength(1); // the clear
  });

  it('with a metric, only readings carrying it count', () => {
    const r = started(rule({ devices: ['temp-1'], metric: 'temperature' }));
    r.onMessage(reading('temp-1', { battery: 80 }), T0 + 5 * MINUTE);
    expect(r.tick(T0 + 10 * MINUTE)).toHaveLength(1);
  });

  it('with a schedule, silence is only reported while the school is in it', () => {
    const closing = T0 + 8 * HOUR; // Monday 18:00 local: school 1 closes
    const r = new AbsenceRuleEvaluator(rule({ devices: ['pat-1'], schedule: 'school_hours' }), env);
    r.start(closing - 5 * MINUTE);
    expect(r.tick(closing + 10 * MINUTE)).toEqual([]);
    expect(r.tick(T0 + 21 * HOUR - 1)).toEqual([]); // Tuesday 06:59:59.999
    expect(summary(r.tick(T0 + 21 * HOUR))).toEqual(['alert quiet:pat-1']); // Tuesday 07:00
  });

  it('an undeclared device is watched from its first message', () => {
    const r = started(rule({ deviceKinds: ['patrol_checkpoint'] }));
    const stranger = { ...reading('pat-1', { battery: 1 }), device: 'pat-9' };
    r.onMessage(stranger, T0 + 5 * MINUTE);
    expect(summary(r.tick(T0 + 15 * MINUTE))).toEqual([
      'alert quiet:pat-1',
      'alert quiet:pat-2',
      'alert quiet:pat-9',
    ]);
  });
});
