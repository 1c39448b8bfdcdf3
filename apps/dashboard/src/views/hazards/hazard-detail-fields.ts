/**
 * The hazard's `detail` (what the rule or the report recorded) as labelled rows for a reader:
 * known fields in words (`cause: status` → 离线原因 设备报告离线; `lastHeard: 1796626067254` → 最后
 * 通信 2026-12-07 21:18), internal ones (ids, links shown elsewhere) left out. Pure.
 */

export interface DetailRow {
  /** i18n key of the row's label. */
  label: string;
  value: string;
}

export interface DetailText {
  t(key: string, params?: Record<string, unknown>): string;
  /** The text of a key, or undefined when there is none. */
  text(key: string): string | undefined;
  dateTime(at: string): string;
}

/** An instant as epoch ms or ISO text; null when it is neither. */
function instant(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v).toISOString();
  if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return v;
  return null;
}

export function hazardDetailRows(detail: Readonly<Record<string, unknown>>, text: DetailText): DetailRow[] {
  const rows: DetailRow[] = [];
  const cause = detail['cause'];
  if (cause === 'status')
    rows.push({ label: 'hazards.detail.cause', value: text.t('hazards.detail.causeStatus') });
  if (cause === 'silence') {
    const seconds = detail['silentSeconds'];
    const minutes = typeof seconds === 'number' ? Math.round(seconds / 60) : null;
    rows.push({
      label: 'hazards.detail.cause',
      value:
        minutes === null
          ? text.t('hazards.detail.causeSilent')
          : text.t('hazards.detail.causeSilentFor', { n: minutes }),
    });
  }
  const heard = instant(detail['lastHeard']);
  if (heard) rows.push({ label: 'hazards.detail.lastHeard', value: text.dateTime(heard) });
  const category = detail['category'];
  if (typeof category === 'string') {
    const name = text.text(`hazardReports.category.${category}`);
    if (name) rows.push({ label: 'hazards.detail.category', value: name });
  }
  return rows;
}
