import type { Dispatch, IncidentPerson, TimelineItem } from '@campus/api-contract';
import type { Alert } from '../domain/alert';

/**
 * Everyone who took part in handling an alert, in order of first appearance, with what they did:
 * who acknowledged and resolved it, ticked plan steps, ran device commands, dispatched people, and
 * the people dispatched (by name). `system` (rules) is left out. `nameOf` turns usernames into names.
 */
export function incidentPeople(
  alert: Pick<Alert, 'acknowledgedBy' | 'resolvedBy'>,
  timeline: readonly TimelineItem[],
  dispatches: readonly Dispatch[],
  nameOf: (username: string) => string,
): IncidentPerson[] {
  const people = new Map<string, string[]>();
  const add = (who: string | null | undefined, role: string) => {
    if (who === null || who === undefined || who === '' || who === 'system') return;
    const roles = people.get(who) ?? [];
    if (!roles.includes(role)) roles.push(role);
    people.set(who, roles);
  };
  for (const item of timeline) {
    if (item.kind === 'plan_step') add(item.by && nameOf(item.by), 'plan_step');
    if (item.kind === 'action' && item.by !== undefined) add(nameOf(item.by), 'action');
    if (item.kind === 'dispatched') add(item.by && nameOf(item.by), 'dispatched');
  }
  if (alert.acknowledgedBy !== null) add(nameOf(alert.acknowledgedBy), 'acknowledged');
  if (alert.resolvedBy !== null) add(nameOf(alert.resolvedBy), 'resolved');
  for (const d of dispatches) add(d.name, 'responder');
  return [...people.entries()].map(([who, roles]) => ({ who, roles }));
}
