import { describe, expect, it } from 'vitest';
import { raiseSeverity, severityForRisk } from './severity';

describe('severity at a risk point', () => {
  it('raises one step at a red risk point, capped at critical', () => {
    expect(severityForRisk('low', 'red')).toBe('medium');
    expect(severityForRisk('medium', 'red')).toBe('high');
    expect(severityForRisk('high', 'red')).toBe('critical');
    expect(severityForRisk('critical', 'red')).toBe('critical');
  });

  it.each(['orange', 'yellow', 'blue', undefined] as const)('leaves it at %s', (risk) => {
    for (const s of ['low', 'medium', 'high', 'critical'] as const) expect(severityForRisk(s, risk)).toBe(s);
  });

  it('raiseSeverity walks low → medium → high → critical', () => {
    expect(['low', 'medium', 'high', 'critical'].map((s) => raiseSeverity(s as 'low'))).toEqual([
      'medium',
      'high',
      'critical',
      'critical',
    ]);
  });
});
