import type { OrgCreateBody, OrgNode, OrgPatchBody } from '@campus/api-contract';
import { api } from './http';

/** A unit of the org tree (libs/api-contract, docs/alerting.md); schools have no children. */
export type { OrgCreateBody, OrgHours, OrgLevel, OrgNode, OrgPatchBody } from '@campus/api-contract';

/** The user's part of the org tree, rooted at the user's own org. */
export const getOrgTree = () => api<{ root: OrgNode }>('GET', '/api/orgs').then((r) => r.root);

/** Adds a city, county or school under `parent` (docs/registry.md, "Org units"). */
export const addOrg = (body: OrgCreateBody) =>
  api<{ code: string; version: number }>('POST', '/api/orgs', body);

/** Renames, edits or (schools: `county`) moves a unit. */
export const updateOrg = (code: string, patch: OrgPatchBody) =>
  api<{ code: string; version: number }>('PATCH', `/api/orgs/${encodeURIComponent(code)}`, patch);
