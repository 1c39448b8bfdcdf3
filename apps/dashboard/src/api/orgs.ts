import { api } from '../api';
import type { OrgLevel } from './alerts';

/** A unit of the org tree (api-plan §B); schools have no children. */
export interface OrgNode {
  code: string;
  name: string;
  level: OrgLevel;
  children: OrgNode[];
}

/** The user's part of the org tree, rooted at the user's own org. */
export const getOrgTree = () => api<{ root: OrgNode }>('GET', '/api/orgs').then((r) => r.root);
