import type { OrgNode } from '@campus/api-contract';
import type { OrgLevel, Sites } from '@campus/device-protocols';

/** One org unit of `GET /api/orgs` (docs/alerting.md); schools have no children. */
export type { OrgNode } from '@campus/api-contract';

/**
 * The sites file's org tree (province → cities → counties → schools, in file order), every node
 * by its code. Pure: build it once per sites file.
 */
export function orgNodesOf(
  sites: Pick<Sites, 'province' | 'cities' | 'counties' | 'schools'>,
): ReadonlyMap<string, OrgNode> {
  const nodes = new Map<string, OrgNode>();
  const add = (
    code: string,
    name: string,
    level: OrgLevel,
    parent: string | undefined,
    extra: Pick<OrgNode, 'bureau' | 'hours' | 'location'>,
  ): void => {
    const node: OrgNode = { code, name, level, children: [], ...extra };
    nodes.set(code, node);
    if (parent !== undefined) nodes.get(parent)?.children.push(node);
  };
  const bureau = (unit: { bureau?: string }) => (unit.bureau === undefined ? {} : { bureau: unit.bureau });
  const p = sites.province;
  add(p.code, p.name, 'province', undefined, bureau(p));
  for (const c of sites.cities) add(c.code, c.name, 'city', p.code, bureau(c));
  for (const c of sites.counties) add(c.code, c.name, 'county', c.city, bureau(c));
  for (const s of sites.schools) {
    const hours = { open: s.hours.open, close: s.hours.close, days: [...s.hours.days] };
    add(s.code, s.name, 'school', s.county, {
      hours,
      ...(s.location ? { location: { ...s.location } } : {}),
    });
  }
  return nodes;
}

/** The codes of the schools in the subtree of `node` (itself, if a school), in tree order. */
export function schoolsUnder(node: OrgNode): string[] {
  if (node.level === 'school') return [node.code];
  return node.children.flatMap(schoolsUnder);
}
