/** One CSV cell: text, a number, or empty (null). */
export type CsvValue = string | number | null;

/** UTF-8 byte order mark: without it Excel opens a UTF-8 file as GBK and garbles Chinese. */
export const BOM = '\uFEFF';

/**
 * A cell per RFC 4180: quoted when it holds a comma, a quote, a line break or edge spaces, quotes
 * doubled. Text starting with `=`, `+`, `-`, `@` or a tab gets a leading `'` so a spreadsheet shows
 * it instead of running it as a formula (CSV injection); numbers are written as they are.
 */
export function csvCell(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} to a CSV cell`);
    return String(value);
  }
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: BOM, then the rows, each ended by CRLF (what Excel and RFC 4180 expect). */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return BOM + rows.map((r) => `${r.map(csvCell).join(',')}\r\n`).join('');
}
