import { describe, expect, it } from 'vitest';
import { MAX_DURATION_SECONDS, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['0s', 0],
    ['90s', 90],
    ['2m', 120],
    ['1h', 3600],
    [' 5m ', 300],
    [45, 45],
    [0, 0],
    [MAX_DURATION_SECONDS, MAX_DURATION_SECONDS],
  ] as const)('reads %j as %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    '',
    '90',
    '1.5m',
    '-1s',
    '2 m',
    '1d',
    'soon',
    -1,
    1.5,
    Number.NaN,
    Infinity,
    MAX_DURATION_SECONDS + 1,
    '169h',
  ])('refuses %j', (value) => {
    expect(parseDuration(value)).toBeUndefined();
  });
});
