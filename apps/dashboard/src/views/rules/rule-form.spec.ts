import { describe, expect, it } from 'vitest';
import {
  addStep,
  applyThresholdForm,
  diffLines,
  fieldOfRefusal,
  isThreshold,
  matchParts,
  moveStep,
  thresholdFormOf,
  type RuleEntry,
} from './rule-form';

const LAB: RuleEntry = {
  id: 'lab-heat',
  kind: 'threshold',
  match: { deviceKinds: ['temperature_sensor'], metric: 'temperature', schedule: 'always' },
  op: '>=',
  value: 45,
  forSeconds: 30,
  alert: { type: 'heat', severity: 'high' },
  actions: [{ deviceKind: 'siren', command: 'on' }],
};

describe('the threshold form', () => {
  it('round-trips an entry, keeping what the form does not show', () => {
    const form = thresholdFormOf(LAB);
    expect(form).toMatchObject({
      metric: 'temperature',
      op: '>=',
      value: '45',
      severity: 'high',
      enabled: true,
    });
    expect(applyThresholdForm(LAB, form)).toEqual(LAB);
    const changed = applyThresholdForm(LAB, { ...form, value: '50', enabled: false });
    expect(changed).toMatchObject({ value: 50, enabled: false, actions: LAB['actions'] });
  });

  it('sends a value that is not a number as typed, for the server to refuse at the field', () => {
    expect(applyThresholdForm(LAB, { ...thresholdFormOf(LAB), value: 'hot' })['value']).toBe('hot');
  });

  it('knows threshold entries, an override of default:heat included', () => {
    expect(isThreshold(LAB)).toBe(true);
    expect(isThreshold({ id: 'default:heat', value: 60 })).toBe(true);
    expect(isThreshold({ id: 'x', kind: 'event' })).toBe(false);
  });
});

describe('fieldOfRefusal', () => {
  it('finds the field an API refusal names', () => {
    expect(fieldOfRefusal('refused: rules[0]: value: expected a finite number, got "hot"')).toBe('value');
    expect(fieldOfRefusal('refused: rules[3]: alert.severity: use one of critical, high')).toBe('severity');
    expect(fieldOfRefusal('refused: rules[0]: match: missing required key "metric"')).toBe('metric');
    expect(fieldOfRefusal('refused: rules[0]: unknown kind "toaster"')).toBeNull();
  });
});

describe('matchParts and diffLines', () => {
  it('says what a rule matches', () => {
    expect(matchParts(LAB).map((p) => p.key)).toEqual(['deviceKinds', 'metric', 'schedule']);
  });

  it('lists only the values that changed', () => {
    expect(diffLines(LAB, { ...LAB, value: 50 })).toEqual([{ path: 'value', before: '45', after: '50' }]);
    expect(diffLines(null, { id: 'a' })).toEqual([{ path: 'id', before: undefined, after: 'a' }]);
    const steps = [{ level: 'school', after: '0s', channels: ['sms'] }];
    expect(diffLines(steps, [{ ...steps[0], after: '2m' }])).toEqual([
      { path: '[1].after', before: '0s', after: '2m' },
    ]);
  });
});

describe('escalation steps', () => {
  const steps = [
    { level: 'school' as const, after: '0s', channels: ['sms' as const] },
    { level: 'county' as const, after: '5m', channels: ['voice' as const] },
  ];
  it('moves, adds after the last one level up', () => {
    expect(moveStep(steps, 1, -1).map((s) => s.level)).toEqual(['county', 'school']);
    expect(moveStep(steps, 0, -1)).toBe(steps);
    expect(addStep(steps)[2]).toEqual({ level: 'city', after: '5m', channels: ['sms'] });
    expect(addStep([])).toEqual([{ level: 'school', after: '0s', channels: ['sms'] }]);
  });
});
