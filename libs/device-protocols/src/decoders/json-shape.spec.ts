import { describe, expect, it } from 'vitest';
import { describeJsonValue, exceedsJsonDepth, jsonPath, quoteForDetail } from './json-shape';

describe('json-shape helpers', () => {
  it('names JSON value types for details', () => {
    expect([undefined, null, [], {}, 'x', 1, Infinity, true].map(describeJsonValue)).toEqual([
      'nothing',
      'null',
      'an array',
      'an object',
      'a string',
      'a number',
      'a non-finite number',
      'a boolean',
    ]);
  });

  it('writes paths with dots for plain keys and quoted brackets otherwise, cut short', () => {
    expect(jsonPath('', 'ts')).toBe('ts');
    expect(jsonPath('metrics', 'temperature')).toBe('metrics.temperature');
    expect(jsonPath('metrics', 'temp-1')).toBe('metrics["temp-1"]');
    expect(jsonPath('metrics', 'x'.repeat(100))).toBe(`metrics["${'x'.repeat(64)}"…]`);
    expect(quoteForDetail('a"b')).toBe('"a\\"b"');
  });

  it('measures nesting depth without recursion', () => {
    expect(exceedsJsonDepth(1, 0)).toBe(false);
    expect(exceedsJsonDepth({}, 0)).toBe(true);
    expect(exceedsJsonDepth({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(exceedsJsonDepth({ a: [1, { b: {} }] }, 3)).toBe(true);
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    expect(exceedsJsonDepth(deep, 16)).toBe(true);
  });
});
