export type CsvValue = string | number | null | undefined;

/**
 * One CSV cell, by the same rules as the server's CSV (libs/alerting/src/reports/csv.ts; both are
 * tested with the same cases): quoted when it holds a comma, a quote, a line break or edge spaces,
 * quotes doubled. Text starting with `=`, `+`, `-`, `@`, a tab or CR gets a leading `'` so a
 * spreadsheet shows it instead of running it as a formula (CSV injection: a hazard title typed as
 * `=HYPERLINK(…)`); numbers are written as they are.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const raw = String(value);
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV as Excel opens it: UTF-8 with a BOM, CRLF, every field quoted when it needs to be. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Hands the browser a file to save. */
export function saveFile(name: string, content: Blob): void {
  const url = URL.createObjectURL(content);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
