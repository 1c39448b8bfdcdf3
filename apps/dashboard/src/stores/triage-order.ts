import { SEVERITIES, type Alert, type OrgLevel } from '@campus/api-contract';

/**
 * Triage order, the one order of every alert list (docs/user-guide.md "告警的排列顺序"): what needs
 * a person now comes first. Pure, so the console's table, its phone cards and any later list sort
 * the same way.
 *
 * 1. unacknowledged (open) before acknowledged;
 * 2. a person in danger (a one-key alarm, 一键报警) above every other alert, then severity
 *    (紧急 › 高 › 中 › 低);
 * 3. newest first; the id breaks ties so the order never flickers between two renders.
 */

type Sortable = Pick<Alert, 'id' | 'status' | 'severity' | 'type' | 'panic' | 'openedAt'>;

/** Alert types a one-key alarm (panic button) raises (libs/api-contract vocabulary: both are 一键报警). */
const PERSON_IN_DANGER_TYPES: ReadonlySet<string> = new Set(['sos', 'panic']);

/** A one-key alarm: someone pressed a panic button, a person may be in danger. */
export function isPersonInDanger(a: Pick<Alert, 'type' | 'panic'>): boolean {
  return a.panic || PERSON_IN_DANGER_TYPES.has(a.type);
}

const severityRank = (s: string): number => {
  const i = (SEVERITIES as readonly string[]).indexOf(s);
  return i === -1 ? SEVERITIES.length : i;
};

/** Negative when `a` goes before `b`. */
export function compareTriage(a: Sortable, b: Sortable): number {
  return (
    Number(a.status !== 'open') - Number(b.status !== 'open') ||
    Number(!isPersonInDanger(a)) - Number(!isPersonInDanger(b)) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    Date.parse(b.openedAt) - Date.parse(a.openedAt) ||
    b.id.localeCompare(a.id)
  );
}

/** A sorted copy in triage order. */
export function triageSort<T extends Sortable>(alerts: Iterable<T>): T[] {
  return [...alerts].sort(compareTriage);
}

/**
 * What an escalated alert shows: the level its escalation reached (区县 / 市级 / 省级) and how long
 * it has waited for a person — until now while unacknowledged, until the acknowledgement after.
 * Null for an alert still at its school (not escalated).
 */
export function escalationMark(
  a: Pick<Alert, 'level' | 'status' | 'openedAt' | 'acknowledgedAt'>,
  now: number,
): { level: OrgLevel; waitedMs: number; stillWaiting: boolean } | null {
  if (a.level === 'school') return null;
  const stillWaiting = a.status === 'open';
  const until = stillWaiting || a.acknowledgedAt === null ? now : Date.parse(a.acknowledgedAt);
  return { level: a.level, waitedMs: Math.max(0, until - Date.parse(a.openedAt)), stillWaiting };
}
