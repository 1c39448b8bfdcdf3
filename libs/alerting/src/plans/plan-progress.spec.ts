import { describe, expect, it } from 'vitest';
import { DEFAULT_PLANS } from './default-plans';
import { mayMark, planProgress } from './plan-progress';

describe('a plan’s progress', () => {
  const fire = DEFAULT_PLANS[0]!;

  it('shows every step in order, ticked ones with who, when and what ran; unknown ticks left out', () => {
    const progress = planProgress(fire, [
      { stepId: 'report', doneBy: 'head1', doneAt: '2026-12-01T10:05:00.000Z', outcome: { paged: ['值班'] } },
      { stepId: 'verify', doneBy: 'guard1', doneAt: '2026-12-01T10:01:00.000Z', outcome: {} },
      { stepId: 'gone', doneBy: 'guard1', doneAt: '2026-12-01T10:02:00.000Z', outcome: {} },
    ]);
    expect(progress.steps.map((s) => [s.id, s.done, s.doneBy])).toEqual([
      ['verify', true, 'guard1'],
      ['alarm', false, null],
      ['call119', false, null],
      ['evacuate', false, null],
      ['muster', false, null],
      ['report', true, 'head1'],
    ]);
    expect(progress.steps[5]).toMatchObject({ page: 'county_safety_office', outcome: { paged: ['值班'] } });
    expect(progress.steps[1]).toMatchObject({ action: 'sirens', outcome: null, doneAt: null });
    expect(progress).toMatchObject({ planId: 'default:fire', source: 'default' });
  });

  it('a responder’s mark moves forward only, and may skip', () => {
    expect(mayMark('dispatched', 'on_the_way')).toBe(true);
    expect(mayMark('dispatched', 'on_site')).toBe(true);
    expect(mayMark('on_site', 'handled')).toBe(true);
    expect(mayMark('on_site', 'on_the_way')).toBe(false);
    expect(mayMark('handled', 'handled')).toBe(false);
  });
});
