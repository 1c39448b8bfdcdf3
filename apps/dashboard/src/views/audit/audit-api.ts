import { api, ApiError, token } from '../../api/http';
import { fileNameOf } from '../../api/reports';
import { queryString } from '../../api/query';
import { saveFile } from '../shared/csv';
import type { AuditPage } from './audit-query';

/** One page of GET /api/audit, newest first; `cursor` continues after the previous page. */
export const listAudit = (params: Record<string, string>, cursor: string | null = null, limit = 200) =>
  api<AuditPage>('GET', `/api/audit${queryString({ ...params, limit: String(limit), cursor })}`);

/**
 * GET /api/audit.csv (the server's CSV, formula guard included) saved by the browser. The CSV
 * needs the bearer token, so a plain link cannot fetch it. Returns the file name, and whether the
 * file is full (10,000 entries) with more left.
 */
export async function downloadAuditCsv(
  params: Record<string, string>,
): Promise<{ name: string; partial: boolean }> {
  const res = await fetch(`/api/audit.csv${queryString(params)}`, {
    headers: token.value ? { authorization: `Bearer ${token.value}` } : {},
  });
  if (!res.ok) throw new ApiError(res.status, (await res.text()) || res.statusText);
  const name = fileNameOf(res.headers.get('content-disposition')) ?? 'audit.csv';
  saveFile(name, await res.blob());
  return { name, partial: res.headers.get('x-next-cursor') !== null };
}
