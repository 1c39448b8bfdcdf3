import type { Hazard, HazardGrade, HazardState } from '../../api/hazards';
import { daysUntil } from '../shared/format';
import { inOrg } from '../../stores/org-tree';

export type StateFilter = HazardState | 'all' | 'unclosed';

export interface HazardFilter {
  state: StateFilter;
  grade: HazardGrade | 'all';
  overdue: boolean;
  school: string;
  /** The shell's selected org (null: everything in scope). */
  org: string | null;
  search: string;
}

/** Whether the hazard is past its deadline and not closed (the server's flag, or the clock's). */
export function isOverdue(h: Pick<Hazard, 'overdue' | 'state' | 'deadline'>, now: number): boolean {
  return h.state !== 'closed' && (h.overdue || Date.parse(h.deadline) < now);
}

/** Calendar days past the deadline (at least 1: past it today is 1 day overdue), else 0. */
export function overdueDays(h: Pick<Hazard, 'overdue' | 'state' | 'deadline'>, now: number): number {
  if (!isOverdue(h, now)) return 0;
  return Math.max(1, -daysUntil(h.deadline, now));
}

/** Where the hazard came from: an inspection finding, a device (through a rule), or a rule alone. */
export function sourceKind(
  h: Pick<Hazard, 'source' | 'device'>,
): 'inspection' | 'report' | 'device' | 'rule' {
  if (h.source === 'inspection' || h.source.startsWith('inspection:')) return 'inspection';
  if (h.source === 'report') return 'report';
  return h.device ? 'device' : 'rule';
}

export function matchesHazard(h: Hazard, f: HazardFilter, now: number): boolean {
  if (f.state === 'unclosed' ? h.state === 'closed' : f.state !== 'all' && h.state !== f.state) return false;
  if (f.grade !== 'all' && h.grade !== f.grade) return false;
  if (f.overdue && !isOverdue(h, now)) return false;
  if (f.school && h.school !== f.school) return false;
  if (!inOrg(f.org, h)) return false;
  const q = f.search.trim().toLowerCase();
  if (q && ![h.title, h.id, h.device ?? '', h.owner ?? ''].some((s) => s.toLowerCase().includes(q)))
    return false;
  return true;
}

/** The register's order: overdue first (most overdue on top), then open ones by deadline, closed last. */
export function registerOrder(a: Hazard, b: Hazard, now: number): number {
  const rank = (h: Hazard) => (h.state === 'closed' ? 2 : isOverdue(h, now) ? 0 : 1);
  const r = rank(a) - rank(b);
  if (r !== 0) return r;
  if (a.state === 'closed')
    return Date.parse(b.closedAt ?? b.registeredAt) - Date.parse(a.closedAt ?? a.registeredAt);
  return Date.parse(a.deadline) - Date.parse(b.deadline);
}

export interface HazardSummary {
  unclosed: number;
  overdue: number;
  awaiting: number;
  majorUnclosed: number;
  closed: number;
}

export function summarize(list: readonly Hazard[], now: number): HazardSummary {
  const s = { unclosed: 0, overdue: 0, awaiting: 0, majorUnclosed: 0, closed: 0 };
  for (const h of list) {
    if (h.state === 'closed') {
      s.closed += 1;
      continue;
    }
    s.unclosed += 1;
    if (isOverdue(h, now)) s.overdue += 1;
    if (h.state === 'awaiting_acceptance') s.awaiting += 1;
    if (h.grade === 'major') s.majorUnclosed += 1;
  }
  return s;
}
