/**
 * Result parsing shared by both backends, so a row reads the same from PGlite and from `pg`
 * (which by default give bigint as string vs number, numeric as string, timestamptz as Date).
 */
export const PG_TYPE = {
  INT8: 20,
  NUMERIC: 1700,
  JSON: 114,
  JSONB: 3802,
  TIMESTAMP: 1114,
  TIMESTAMPTZ: 1184,
  DATE: 1082,
} as const;

type TextParser = (text: string) => unknown;

const TIMESTAMP_TEXT =
  /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?( BC)?$/;

/**
 * PostgreSQL's text output of `timestamptz` (ISO DateStyle, any session TimeZone, e.g.
 * `2026-11-28 18:00:00.123456+08`) → `2026-11-28T10:00:00.123Z`. `timestamp` without a zone is
 * read as UTC. Microseconds are truncated to milliseconds (JS Date precision).
 */
export function parseTimestamp(text: string): string {
  const m = TIMESTAMP_TEXT.exec(text);
  if (m === null || m[12] !== undefined) {
    throw new Error(
      `cannot read timestamp ${JSON.stringify(text)} from the database: expected ISO DateStyle ` +
        `(YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM]]); infinity and BC dates are not used by this schema`,
    );
  }
  const [, year, month, day, hour, minute, second, fraction = '', sign, oh = '00', om = '00', os = '00'] = m;
  const ms = fraction.padEnd(3, '0').slice(0, 3);
  const base = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    Number(ms),
  );
  const offsetMs = ((Number(oh) * 60 + Number(om)) * 60 + Number(os)) * 1000;
  const utc = sign === '-' ? base + offsetMs : sign === '+' ? base - offsetMs : base;
  return new Date(utc).toISOString();
}

function parseSafeNumber(text: string): number {
  const value = Number(text);
  const integral = /^-?\d+$/.test(text);
  if (Number.isNaN(value) || (integral && !Number.isSafeInteger(value))) {
    throw new Error(
      `the database returned ${text}, which does not fit a JS number: cast it to text in the query`,
    );
  }
  return value;
}

/** Parsers by type OID, for PGlite's `parsers` option and `pg`'s `types.getTypeParser`. */
export const TEXT_PARSERS: Readonly<Record<number, TextParser>> = {
  [PG_TYPE.INT8]: parseSafeNumber,
  [PG_TYPE.NUMERIC]: parseSafeNumber,
  [PG_TYPE.JSON]: (text) => JSON.parse(text) as unknown,
  [PG_TYPE.JSONB]: (text) => JSON.parse(text) as unknown,
  [PG_TYPE.TIMESTAMP]: parseTimestamp,
  [PG_TYPE.TIMESTAMPTZ]: parseTimestamp,
  [PG_TYPE.DATE]: (text) => text,
};
