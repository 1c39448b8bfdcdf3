export { OrgsController } from './orgs.controller';
export { orgNodesOf, schoolsUnder, type OrgNode } from './org-nodes';
