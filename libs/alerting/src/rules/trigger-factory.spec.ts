import { describe, expect, it } from 'vitest';
import { defaultRule, SITES } from '../testing/rules.fixture';
import { alertTrigger, isPanic, ruleTriggers, type TriggerSubject } from './trigger-factory';

const org = SITES.deviceById.get('sos-1')?.org ?? { province: '', city: '', county: '', school: '' };
const subject = (deviceKind: string, risk?: 'red' | 'blue'): TriggerSubject => ({
  key: 'k',
  org,
  device: 'd',
  deviceKind,
  risk,
});

describe('trigger factory', () => {
  it('a panic alarm is critical and never auto-resolvable, whatever the rule asked for', () => {
    const t = alertTrigger('r', { type: 'sos', severity: 'low' }, subject('one_key_alarm'), 1, true, {});
    expect(t).toMatchObject({ panic: true, severity: 'critical', autoResolvable: false });
    expect(isPanic('one_key_alarm', 'sos')).toBe(true);
    expect(isPanic('one_key_alarm', 'tamper')).toBe(false);
    expect(isPanic('access_control', 'sos')).toBe(false);
  });

  it('other alerts keep the auto-resolvability the rule gives, and take the risk raise', () => {
    const t = alertTrigger(
      'r',
      { type: 'heat', severity: 'high' },
      subject('temperature_sensor', 'red'),
      1,
      true,
      {},
    );
    expect(t).toMatchObject({ panic: false, severity: 'critical', autoResolvable: true });
    expect(t.detail).toEqual({ ruleSeverity: 'high', risk: 'red' });
  });

  it('a rule with both outputs gives the alert, then the hazard, under one key', () => {
    const out = ruleTriggers(
      defaultRule('default:device_offline', 'device_offline'),
      subject('gas_detector'),
      5,
      true,
      {
        cause: 'status',
      },
    );
    expect(out.map((t) => `${t.kind} ${t.key}`)).toEqual(['alert k', 'hazard k']);
    expect(out[1]).toMatchObject({
      source: 'default:device_offline',
      grade: 'general',
      deadlineDays: 3,
      at: 5,
    });
  });
});
