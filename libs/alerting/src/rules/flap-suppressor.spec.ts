import { describe, expect, it } from 'vitest';
import { FlapSuppressor } from './flap-suppressor';

const WINDOW = 600_000;

describe('flap suppressor (more than 4 changes in 10 min)', () => {
  it('passes 4 changes, starts flapping on the 5th, then suppresses', () => {
    const f = new FlapSuppressor(4, WINDOW);
    expect([0, 1, 2, 3].map((i) => f.record(i * 1000))).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(f.record(4000)).toBe('started');
    expect(f.flapping).toBe(true);
    expect(f.record(5000)).toBe('suppressed');
  });

  it('changes older than the window do not count; exactly the window old still does', () => {
    const slow = new FlapSuppressor(4, WINDOW);
    for (const t of [0, 1, 2, 3]) slow.record(t);
    expect(slow.record(WINDOW + 1)).toBe('pass'); // the change at 0 has left the window
    const edge = new FlapSuppressor(4, WINDOW);
    for (const t of [0, 1, 2, 3]) edge.record(t);
    expect(edge.record(WINDOW)).toBe('started');
  });

  it('ends once, after a whole window without a change', () => {
    const f = new FlapSuppressor(4, WINDOW);
    for (const t of [0, 1, 2, 3, 4]) f.record(t);
    f.record(100_000);
    expect(f.settle(100_000 + WINDOW - 1)).toBe(false);
    expect(f.settle(100_000 + WINDOW)).toBe(true);
    expect(f.settle(100_000 + WINDOW + 1)).toBe(false);
    expect(f.flapping).toBe(false);
    expect(f.record(800_000)).toBe('pass'); // history forgotten
  });
});
