import type { OrgLevel } from './common';

/** One org unit of `GET /api/orgs` (`{root: OrgNode}`); schools have no children. */
export interface OrgNode {
  code: string;
  name: string;
  level: OrgLevel;
  children: OrgNode[];
}
