import { describe, expect, it } from 'vitest';
import { parseTimestamp, TEXT_PARSERS, PG_TYPE } from './type-parsers';

describe('parseTimestamp', () => {
  it('reads PostgreSQL ISO output in any zone as UTC ISO with milliseconds', () => {
    expect(parseTimestamp('2026-11-28 10:00:00+00')).toBe('2026-11-28T10:00:00.000Z');
    expect(parseTimestamp('2026-11-28 18:00:00.123456+08')).toBe('2026-11-28T10:00:00.123Z');
    expect(parseTimestamp('2026-11-28 04:30:00.5-05:30')).toBe('2026-11-28T10:00:00.500Z');
    expect(parseTimestamp('2026-11-28 10:00:00')).toBe('2026-11-28T10:00:00.000Z');
  });

  it('refuses what the schema never stores', () => {
    expect(() => parseTimestamp('infinity')).toThrow(/cannot read timestamp "infinity"/);
    expect(() => parseTimestamp('0044-03-15 00:00:00+00 BC')).toThrow(/BC/);
  });
});

describe('TEXT_PARSERS', () => {
  it('gives numbers for bigint and numeric, refusing unsafe integers', () => {
    expect(TEXT_PARSERS[PG_TYPE.INT8]?.('42')).toBe(42);
    expect(TEXT_PARSERS[PG_TYPE.NUMERIC]?.('1.25')).toBe(1.25);
    expect(() => TEXT_PARSERS[PG_TYPE.INT8]?.('9007199254740993')).toThrow(/does not fit a JS number/);
  });
});
