import type { OrgNode } from '../api/orgs';

/** Lookups over the org tree of `GET /api/orgs`. Pure. */

/** The node with `code`, depth first, or null. */
export function findOrg(root: OrgNode | null, code: string | null): OrgNode | null {
  if (root === null || code === null) return null;
  if (root.code === code) return root;
  for (const child of root.children) {
    const found = findOrg(child, code);
    if (found) return found;
  }
  return null;
}

/** The nodes from the root down to `code` (both included), or [] when `code` is not in the tree. */
export function orgPath(root: OrgNode | null, code: string): OrgNode[] {
  if (root === null) return [];
  if (root.code === code) return [root];
  for (const child of root.children) {
    const below = orgPath(child, code);
    if (below.length > 0) return [root, ...below];
  }
  return [];
}

/** Every school at or under `node`, in tree order. */
export function schoolsUnder(node: OrgNode | null): OrgNode[] {
  if (node === null) return [];
  if (node.level === 'school') return [node];
  return node.children.flatMap(schoolsUnder);
}

/** Where a record lies: its school and the units above it (alerts, devices, hazards carry these). */
export interface OrgChain {
  school: string;
  county?: string;
  city?: string;
  province?: string;
}

/** Whether a record lies in the unit `org`; null is the user's whole scope (everything). */
export function inOrg(org: string | null, record: OrgChain): boolean {
  return (
    org === null ||
    org === record.school ||
    org === record.county ||
    org === record.city ||
    org === record.province
  );
}
