import { documentToRows, type RegistryRows } from './registry-rows';
import type { RegistryChange, RegistryEntity, SitesDocument } from './registry-store';

/**
 * What changes between two registry states, entry by entry: org units by code, devices by id,
 * contacts by id, users by username, escalation policies by severity, rules by id, gateways and
 * alert services by id. An entry's value is its row (registry-rows.ts), so a change can be
 * written back as exactly that row; where an entry sits in its list is not part of it.
 */

export interface RegistryEntry {
  entity: RegistryEntity;
  key: string;
  value: object;
}

/** Diff order: the tree from the top, then people, then policies. */
export const ENTITY_ORDER: readonly RegistryEntity[] = [
  'province',
  'org',
  'device',
  'contact',
  'user',
  'escalation',
  'rule',
  'gateway',
  'alertService',
];

export function registryEntries(rows: RegistryRows): RegistryEntry[] {
  return [
    ...rows.orgs.map((o) => ({
      entity: (o.level === 'province' ? 'province' : 'org') as RegistryEntity,
      key: o.code,
      value: o,
    })),
    ...rows.devices.map((d) => ({ entity: 'device' as const, key: d.id, value: d })),
    ...rows.contacts.map((c) => ({ entity: 'contact' as const, key: c.id, value: c })),
    ...rows.users.map((u) => ({ entity: 'user' as const, key: u.username, value: u })),
    ...rows.escalation.map((e) => ({ entity: 'escalation' as const, key: e.severity, value: e })),
    ...rows.rules.map((r) => ({ entity: 'rule' as const, key: r.name, value: r })),
    ...rows.topology.map((t) => ({ entity: t.kind, key: t.id, value: t })),
  ];
}

/** JSON with keys sorted at every level: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const slot = (entity: RegistryEntity, key: string) => `${entity}\u0000${key}`;

/** The changes that turn `before` into `after`, in ENTITY_ORDER, each entity in list order. */
export function diffRows(before: RegistryRows, after: RegistryRows): RegistryChange[] {
  const old = new Map(registryEntries(before).map((e) => [slot(e.entity, e.key), e]));
  const next = registryEntries(after);
  const nextSlots = new Set(next.map((e) => slot(e.entity, e.key)));
  const changes: RegistryChange[] = [];
  for (const entity of ENTITY_ORDER) {
    for (const e of old.values()) {
      if (e.entity === entity && !nextSlots.has(slot(entity, e.key))) {
        changes.push({ entity, key: e.key, op: 'removed', before: e.value });
      }
    }
    for (const e of next) {
      if (e.entity !== entity) continue;
      const was = old.get(slot(entity, e.key));
      if (was === undefined) changes.push({ entity, key: e.key, op: 'added', after: e.value });
      else if (canonicalJson(was.value) !== canonicalJson(e.value)) {
        changes.push({ entity, key: e.key, op: 'changed', before: was.value, after: e.value });
      }
    }
  }
  return changes;
}

/** `diffRows` of two documents (validated, credentials hashed, contacts with ids). */
export function diffDocuments(before: SitesDocument, after: SitesDocument): RegistryChange[] {
  return diffRows(documentToRows(before), documentToRows(after));
}

/** The leaf paths where two values differ (`body.location.room`), for a readable change. */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  const isMap = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isMap(before) && isMap(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => changedPaths(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  return canonicalJson(before) === canonicalJson(after) ? [] : [prefix];
}

function valueAt(value: unknown, path: string): unknown {
  let at: unknown = value;
  for (const key of path.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** Credentials are shown as changed, never as text (they are hashes, but still). */
const HIDDEN = /(secretHash|passwordHash)$/;

function shown(path: string, value: unknown): string {
  if (value === undefined) return '—';
  if (HIDDEN.test(path)) return '(hash)';
  return typeof value === 'string' ? value : canonicalJson(value);
}

/** One line per change, for `npm run sites -- diff` and the import prompt. */
export function formatChanges(changes: readonly RegistryChange[]): string[] {
  if (changes.length === 0) return ['no changes'];
  return changes.flatMap((c) => {
    if (c.op === 'added') return [`+ ${c.entity} ${c.key}`];
    if (c.op === 'removed') return [`- ${c.entity} ${c.key}`];
    const paths = changedPaths(c.before, c.after);
    return [
      `~ ${c.entity} ${c.key}`,
      ...paths.map(
        (p) =>
          `    ${p.replace(/^body\./, '')}: ${shown(p, valueAt(c.before, p))} → ${shown(p, valueAt(c.after, p))}`,
      ),
    ];
  });
}
