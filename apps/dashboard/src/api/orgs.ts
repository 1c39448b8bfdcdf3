import type { OrgNode } from '@campus/api-contract';
import { api } from './http';

/** A unit of the org tree (libs/api-contract, docs/alerting.md); schools have no children. */
export type { OrgLevel, OrgNode } from '@campus/api-contract';

/** The user's part of the org tree, rooted at the user's own org. */
export const getOrgTree = () => api<{ root: OrgNode }>('GET', '/api/orgs').then((r) => r.root);
