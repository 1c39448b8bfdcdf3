import { describe, expect, it } from 'vitest';
import { closureRate, nearestRank, onlineRate, percentile } from './report-math';

describe('nearest-rank percentiles', () => {
  it('takes the value at rank ⌈p·n/100⌉, never an interpolation', () => {
    expect(percentile([40, 10, 30, 20], 50)).toBe(20);
    expect(percentile([10, 20, 30], 50)).toBe(20);
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([7], 90)).toBe(7);
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(ten, 90)).toBe(9);
    expect(percentile([...ten, 11], 90)).toBe(10); // ⌈9.9⌉ = 10
    expect(percentile(ten, 100)).toBe(10);
    expect(percentile([], 50)).toBeNull();
  });

  it('computes ranks in integers: the p55 of 100 values is the 55th, although 0.55 × 100 > 55 in floats', () => {
    expect(0.55 * 100).toBeGreaterThan(55);
    expect(nearestRank(100, 55)).toBe(55);
    expect(nearestRank(30, 90)).toBe(27);
    expect(nearestRank(4, 50)).toBe(2);
    expect(nearestRank(5, 50)).toBe(3);
    expect(nearestRank(1, 1)).toBe(1);
    expect(() => nearestRank(0, 50)).toThrow(RangeError);
    expect(() => nearestRank(3, 0.5)).toThrow(/integer from 1 to 100/);
  });
});

describe('rates', () => {
  it('closure rate is closed ÷ registered, null without hazards', () => {
    expect(closureRate(3, 4)).toBe(0.75);
    expect(closureRate(0, 2)).toBe(0);
    expect(closureRate(0, 0)).toBeNull();
  });

  it('online rate leaves devices in an unknown state out, null when none reported', () => {
    expect(onlineRate(9, 1)).toBe(0.9);
    expect(onlineRate(0, 3)).toBe(0);
    expect(onlineRate(0, 0)).toBeNull();
  });
});
