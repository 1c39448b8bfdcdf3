import type { Overview } from '@campus/api-contract';
import { api } from './http';
import { queryString } from './query';

// The wire types are libs/api-contract's (docs/alerting.md, "Overview").
export type { GeoPoint, Overview, OverviewEscalatedAlert, OverviewSchool } from '@campus/api-contract';

/** The overview (态势) of `org` (default: the user's own unit). */
export const getOverview = (org: string | null) =>
  api<Overview>('GET', `/api/overview${queryString({ org })}`);
