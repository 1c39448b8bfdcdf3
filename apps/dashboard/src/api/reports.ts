import type { Report } from '@campus/api-contract';
import { api, ApiError, token } from './http';
import { saveFile } from '../views/shared/csv';
import { queryString } from './query';

// The wire types are libs/api-contract's (docs/alerting.md, "Reports").
export type { OrgLevel, Report, ReportRow } from '@campus/api-contract';

export interface ReportParams {
  org: string | null;
  from: string;
  to: string;
}

export const getReport = (params: ReportParams) =>
  api<Report>('GET', `/api/reports${queryString({ ...params })}`);

/** The file name the server suggests in Content-Disposition, or null. */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? null;
}

/**
 * The CSV needs the bearer token, so a plain link cannot fetch it: fetch it here and hand the
 * browser a Blob URL to save.
 */
export async function downloadReportCsv(params: ReportParams): Promise<string> {
  const res = await fetch(`/api/reports.csv${queryString({ ...params })}`, {
    headers: token.value ? { authorization: `Bearer ${token.value}` } : {},
  });
  if (!res.ok) throw new ApiError(res.status, (await res.text()) || res.statusText);
  const name = fileNameOf(res.headers.get('content-disposition')) ?? `report-${params.org ?? 'all'}.csv`;
  saveFile(name, await res.blob());
  return name;
}
