import type { Alert } from '../api/alerts';

/**
 * How the console merges what it hears: socket.io messages and list reloads can cross (a reload
 * answered just before a broadcast, a broadcast delayed behind a reload). An alert only ever moves
 * forward (open → acknowledged → resolved, occurrences up, level up), so the more advanced of two
 * versions wins and a stale one never turns an acknowledged alert back into an open one. Pure.
 */

const STATUS_RANK: Record<string, number> = { open: 0, acknowledged: 1, resolved: 2 };
const LEVEL_RANK: Record<string, number> = { school: 0, county: 1, city: 2, province: 3 };

/** Negative when `a` is behind `b`, positive when ahead, 0 when neither is. */
export function compareProgress(a: Alert, b: Alert): number {
  return (
    (STATUS_RANK[a.status] ?? 0) - (STATUS_RANK[b.status] ?? 0) ||
    a.occurrences - b.occurrences ||
    (LEVEL_RANK[a.level] ?? 0) - (LEVEL_RANK[b.level] ?? 0) ||
    Date.parse(a.lastOccurredAt ?? a.openedAt) - Date.parse(b.lastOccurredAt ?? b.openedAt)
  );
}

/** The version to keep: `incoming` unless it is behind what we have. */
export function mergeAlert(known: Alert | undefined, incoming: Alert): Alert {
  if (known === undefined) return incoming;
  return compareProgress(incoming, known) < 0 ? known : { ...known, ...incoming };
}

/** Whether the two versions differ in a way the user sees in the list. */
export function changedForUser(before: Alert | undefined, after: Alert): boolean {
  return (
    before === undefined ||
    before.status !== after.status ||
    before.occurrences !== after.occurrences ||
    before.level !== after.level ||
    before.severity !== after.severity
  );
}

/**
 * Replaces the active set with a reload's answer, keeping versions that are further along than
 * the reload (broadcasts that arrived meanwhile) and never reviving an alert known to be resolved.
 * Returns the new set and how many alerts the user had not seen as they are now (new, changed or
 * gone): what a reconnect reports as missed.
 */
export function applyReload(
  current: ReadonlyMap<string, Alert>,
  loaded: readonly Alert[],
  resolved: ReadonlySet<string>,
): { next: Map<string, Alert>; missed: number; changed: Alert[]; removed: string[] } {
  const next = new Map<string, Alert>();
  const changed: Alert[] = [];
  for (const fresh of loaded) {
    if (resolved.has(fresh.id) || fresh.status === 'resolved') continue;
    const known = current.get(fresh.id);
    const kept = mergeAlert(known, fresh);
    next.set(kept.id, kept);
    if (changedForUser(known, kept)) changed.push(kept);
  }
  const removed = [...current.keys()].filter((id) => !next.has(id));
  return { next, missed: changed.length + removed.length, changed, removed };
}
