import type { ChecklistItem, Inspection } from '../../api/inspections';

export interface ChecklistProgress {
  total: number;
  /** Items with a verdict (pass, fail or n/a). */
  decided: number;
  pass: number;
  fail: number;
  na: number;
  /** Manual items nobody ticked yet. */
  undecidedManual: number;
  /** Auto items the inspector judged differently from the platform. */
  overridden: number;
}

export function checklistProgress(items: readonly ChecklistItem[]): ChecklistProgress {
  const p = { total: items.length, decided: 0, pass: 0, fail: 0, na: 0, undecidedManual: 0, overridden: 0 };
  for (const i of items) {
    if (i.result === null) {
      if (i.source === 'manual') p.undecidedManual += 1;
      continue;
    }
    p.decided += 1;
    p[i.result] += 1;
    if (isOverridden(i)) p.overridden += 1;
  }
  return p;
}

/** Whether the inspector's verdict differs from the platform's (auto items only). */
export function isOverridden(i: Pick<ChecklistItem, 'source' | 'autoResult' | 'result'>): boolean {
  return i.source === 'auto' && i.autoResult !== null && i.result !== null && i.result !== i.autoResult;
}

/** The default deadline for a finding: 7 days from today (the local date, for a date input). */
export const DEFAULT_FINDING_DAYS = 7;

export interface SchoolCoverage {
  code: string;
  name: string;
  /** The newest inspection's start, or null. */
  lastAt: string | null;
  covered: boolean;
}

/**
 * For a county official with forty schools: when each school was last inspected, and whether
 * that was within `days` of `now`. Never-inspected schools first, then the longest ago.
 */
export function coverage(
  schools: readonly { code: string; name: string }[],
  inspections: readonly Pick<Inspection, 'school' | 'startedAt'>[],
  now: number,
  days = 30,
): SchoolCoverage[] {
  const last = new Map<string, string>();
  for (const i of inspections) {
    const prev = last.get(i.school);
    if (prev === undefined || Date.parse(i.startedAt) > Date.parse(prev)) last.set(i.school, i.startedAt);
  }
  const since = now - days * 86_400_000;
  return schools
    .map((s) => {
      const lastAt = last.get(s.code) ?? null;
      return { code: s.code, name: s.name, lastAt, covered: lastAt !== null && Date.parse(lastAt) >= since };
    })
    .sort((a, b) =>
      a.lastAt === null ? -1 : b.lastAt === null ? 1 : Date.parse(a.lastAt) - Date.parse(b.lastAt),
    );
}

/** Auto items first (in the server's order), then manual ones. */
export function groupItems(items: readonly ChecklistItem[]): {
  auto: ChecklistItem[];
  manual: ChecklistItem[];
} {
  return {
    auto: items.filter((i) => i.source === 'auto'),
    manual: items.filter((i) => i.source === 'manual'),
  };
}

/**
 * An auto item's measurement for a non-Chinese reader, from its numbers (the server words
 * `value` in Chinese): `online 5, total 6`, with `labelOf` naming each number.
 */
export function measuredText(
  i: Pick<ChecklistItem, 'measured' | 'value'>,
  labelOf: (key: string) => string = (k) => k,
): string {
  if (!i.measured) return i.value ?? '';
  return Object.entries(i.measured)
    .map(([k, v]) => `${labelOf(k)} ${v}`)
    .join(', ');
}

/**
 * Whether `user` may change `inspection`: its inspector, or an admin (the server's rule, which
 * answers 403 to anyone else; other officers in scope still read it).
 */
export function mayChangeInspection(
  user: { username: string; role: string } | null,
  inspection: Pick<Inspection, 'inspector'> | null,
): boolean {
  if (user === null || inspection === null) return false;
  return user.role === 'admin' || user.username === inspection.inspector;
}
