import { describe, expect, it } from 'vitest';
import { defaultRule, HOUR, SCHOOL_1, SCHOOL_3, SECOND, SITES, T0 } from '../testing/rules.fixture';
import { parseRuleConfig } from './rule-config';
import { devicesInScope, replayRule, type ReplayEvent, type ReplayReading } from './rule-replay';

const temp = (ts: number, value: number, device = 'temp-1'): ReplayReading => ({
  ts,
  device,
  metric: 'temperature',
  value,
});
const smoke = (ts: number, device: string): ReplayEvent => ({ ts, device, type: 'smoke', data: {} });
const WEEK = { from: T0 - HOUR, to: T0 + 7 * 24 * HOUR };

describe('replayRule (the rules preview): the rule engine over stored history', () => {
  it('a threshold rule: each held excursion opens one alert; the clear lets the next one open', () => {
    const heat = defaultRule('default:heat', 'threshold'); // temperature ≥ 57 for 10 s
    const readings = [
      temp(T0, 60),
      temp(T0 + 15 * SECOND, 61), // held 15 s: opens
      temp(T0 + 30 * SECOND, 62), // still open: no second alert
      temp(T0 + HOUR, 20), // clears
      temp(T0 + 2 * HOUR, 58), // held, completed by the minute tick: opens again
      temp(T0 + 3 * HOUR, 70, 'temp-red'), // a single reading, completed by a tick
      temp(T0 + 4 * HOUR, 56, 'temp-red'), // clears it
      temp(T0 + 5 * HOUR, 40),
    ];
    expect(replayRule(heat, SITES, { readings, events: [], ...WEEK })).toEqual({
      wouldHaveOpened: 3,
      perSchool: [{ school: SCHOOL_1, name: '雁塔区第一小学', count: 3 }],
    });
  });

  it('a stricter value opens fewer: the changed rule is what is replayed', () => {
    const readings = [
      temp(T0, 60),
      temp(T0 + 15 * SECOND, 61),
      temp(T0 + 2 * HOUR, 70),
      temp(T0 + 2 * HOUR + 20 * SECOND, 70),
    ];
    const heat = parseRuleConfig([{ id: 'default:heat', value: 65 }], { sites: SITES }).find(
      (r) => r.id === 'default:heat',
    );
    expect(replayRule(heat!, SITES, { readings, events: [], ...WEEK }).wouldHaveOpened).toBe(1);
  });

  it('an event rule: one alert per device while it is open, per school, readings outside the range ignored', () => {
    const rule = parseRuleConfig([], { sites: SITES }).find((r) => r.id === 'default:smoke');
    const events = [
      smoke(T0, 'smk-blue'),
      smoke(T0 + 5 * SECOND, 'smk-blue'), // same key, still open: an occurrence
      smoke(T0 + HOUR, 'smk-3'),
      smoke(WEEK.from - HOUR, 'smk-red'), // before the range
      { ts: T0, device: 'smk-red', type: 'tamper', data: {} }, // not a smoke event
    ];
    expect(replayRule(rule!, SITES, { readings: [], events, ...WEEK })).toEqual({
      wouldHaveOpened: 2,
      perSchool: [
        { school: SCHOOL_1, name: '雁塔区第一小学', count: 1 },
        { school: SCHOOL_3, name: '未央区第三小学', count: 1 },
      ],
    });
  });

  it('nothing stored, nothing opened', () => {
    const heat = defaultRule('default:heat', 'threshold');
    expect(replayRule(heat, SITES, { readings: [], events: [], ...WEEK })).toEqual({
      wouldHaveOpened: 0,
      perSchool: [],
    });
  });

  it('devicesInScope: the devices the rule matches (what the preview reads)', () => {
    expect(devicesInScope(defaultRule('default:heat', 'threshold'), SITES)).toContain('temp-red');
    const [own] = parseRuleConfig(
      [
        {
          id: 'lab-heat',
          kind: 'threshold',
          match: { devices: ['temp-1'], metric: 'temperature' },
          op: '>',
          value: 30,
          forSeconds: 0,
          alert: { type: 'heat', severity: 'high' },
        },
      ],
      { sites: SITES },
    ).slice(-1);
    expect(devicesInScope(own!, SITES)).toEqual(['temp-1']);
  });
});
