import { toCsv, type CsvValue } from '../reports/csv';
import type { AuditEntry } from '../domain/audit';

export const AUDIT_CSV_HEADER = ['时间', '操作人', '操作', '对象', 'IP', '结果', '单位', '详情'] as const;

/**
 * The audit entries as CSV for Excel (UTF-8 with BOM, CRLF), newest first. Cells go through the
 * server's one CSV writer (reports/csv.ts), whose formula guard puts a `'` before text starting
 * with `=`, `+`, `-`, `@`, a tab or CR: a typed username such as `=HYPERLINK(…)` is shown, never run.
 */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows: CsvValue[][] = [
    [...AUDIT_CSV_HEADER],
    ...entries.map((e) => [
      e.at,
      e.actor,
      e.action,
      e.target,
      e.ip,
      e.outcome,
      e.org,
      Object.keys(e.detail).length === 0 ? null : JSON.stringify(e.detail),
    ]),
  ];
  return toCsv(rows);
}
