import type { Role } from '@campus/api-contract';
import type { OrgLevel, OrgNode } from '../../api/orgs';

/** Pure helpers of the 组织机构 and 用户与角色 screens (docs/user-guide.md). */

/** Roles from the least to the most powerful (the server's order, docs/security.md). */
export const ROLE_ORDER: readonly Role[] = [
  'school_staff',
  'school_security',
  'school_admin',
  'county_officer',
  'city_officer',
  'province_officer',
  'admin',
];

const SCHOOL_ROLES: readonly Role[] = ['school_staff', 'school_security', 'school_admin'];

/**
 * The roles `actor` may give (the API's rule, docs/registry.md "Users"): never above their own;
 * a school admin the school's roles; `admin` any. The server decides; this only keeps the select
 * from offering what would be refused.
 */
export function rolesGivenBy(actor: Role): Role[] {
  if (actor === 'admin') return [...ROLE_ORDER];
  if (actor === 'school_admin') return [...SCHOOL_ROLES];
  return ROLE_ORDER.slice(0, ROLE_ORDER.indexOf(actor) + 1);
}

/** The roles that fit a unit of `level`: school roles at a school, that level's officer above it. */
export function rolesForLevel(level: OrgLevel): Role[] {
  if (level === 'school') return [...SCHOOL_ROLES];
  return [`${level}_officer` as Role, 'admin'].filter((r) => ROLE_ORDER.includes(r as Role)) as Role[];
}

/** The level of a unit added under `parent` (none under a school). */
export function childLevel(parent: OrgLevel): 'city' | 'county' | 'school' | null {
  if (parent === 'province') return 'city';
  if (parent === 'city') return 'county';
  if (parent === 'county') return 'school';
  return null;
}

/** Every unit of the tree, depth first, with its depth (for an indented list and selects). */
export function flattenTree(root: OrgNode | null, depth = 0): { node: OrgNode; depth: number }[] {
  if (root === null) return [];
  return [{ node: root, depth }, ...root.children.flatMap((c) => flattenTree(c, depth + 1))];
}

/** The counties in the tree (where a school may be moved to). */
export const countiesOf = (root: OrgNode | null): OrgNode[] =>
  flattenTree(root)
    .map((e) => e.node)
    .filter((n) => n.level === 'county');

/** The county a school belongs to, or null. */
export function countyOf(root: OrgNode | null, school: string): string | null {
  for (const county of countiesOf(root))
    if (county.children.some((c) => c.code === school)) return county.code;
  return null;
}

/**
 * The form field a 400 reason speaks of (`refused: name: …`, `body.hours.open: …`, `county "…"`),
 * so the screen shows it under that field; null when it names none of `fields` (then it is shown
 * under the form).
 */
export function fieldOfReason<F extends string>(reason: string, fields: readonly F[]): F | null {
  const text = reason.replace(/^refused:\s*/i, '');
  const head = /^([\w.[\]]+)\s*:/.exec(text)?.[1];
  if (head) {
    const parts = head.split(/[.[\]]/).filter(Boolean);
    for (const part of parts) {
      const hit = fields.find((f) => f === part);
      if (hit) return hit;
    }
  }
  return fields.find((f) => new RegExp(`\\b${f}\\b`).test(text)) ?? null;
}

/** "34.26, 108.94" → a location, or undefined when it is not one (latitude first). */
export function parseLatLng(text: string): { lat: number; lng: number } | undefined {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,，\s]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return undefined;
  const lat = Number(m[1]);
  const lng = Number(m[2]);
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) return undefined;
  return { lat, lng };
}
