/** One org unit's numbers over a period, and the report (`GET /api/reports`): libs/api-contract. */
export type { Report, ReportRow } from '@campus/api-contract';
