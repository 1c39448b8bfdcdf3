import type { HazardGrade } from '../domain/trigger';
import type { RawMatch, RawRule } from './rule-config-schema';
import type { HazardSpec, RuleDefinition, RuleMatch } from './rule-types';

/** Rectification deadline of a hazard whose rule names none. */
export const DEFAULT_DEADLINE_DAYS: Readonly<Record<HazardGrade, number>> = { general: 7, major: 30 };

/** A validated entry with its defaults filled in: enabled, schedule `always`, deadline by grade, per `device`. */
export function normalizeRule(raw: RawRule): RuleDefinition {
  const base = {
    id: raw.id,
    enabled: raw.enabled ?? true,
    match: normalizeMatch(raw.match),
    ...(raw.alert ? { alert: { type: raw.alert.type, severity: raw.alert.severity } } : {}),
    ...(raw.hazard ? { hazard: normalizeHazard(raw.hazard) } : {}),
  };
  switch (raw.kind) {
    case 'event':
    case 'dormitory_audit':
      return { ...base, kind: raw.kind };
    case 'threshold':
      return { ...base, kind: raw.kind, op: raw.op, value: raw.value, forSeconds: raw.forSeconds };
    case 'rate_of_rise':
      return { ...base, kind: raw.kind, rise: raw.rise, withinSeconds: raw.withinSeconds };
    case 'absence':
      return { ...base, kind: raw.kind, silentSeconds: raw.silentSeconds };
    case 'count_window':
      return {
        ...base,
        kind: raw.kind,
        count: raw.count,
        windowSeconds: raw.windowSeconds,
        per: raw.per ?? 'device',
      };
    case 'device_offline':
      return { ...base, kind: raw.kind, silentSeconds: raw.silentSeconds, flap: { ...raw.flap } };
    case 'duty_patrol':
      return { ...base, kind: raw.kind, minCheckins: raw.minCheckins };
  }
}

function normalizeMatch(raw: RawMatch | undefined): RuleMatch {
  const match: RuleMatch = { schedule: raw?.schedule ?? 'always' };
  if (raw?.deviceKinds) match.deviceKinds = [...raw.deviceKinds];
  if (raw?.devices) match.devices = [...raw.devices];
  if (raw?.schools) match.schools = [...raw.schools];
  if (raw?.eventTypes) match.eventTypes = [...raw.eventTypes];
  if (raw?.metric !== undefined) match.metric = raw.metric;
  if (raw?.zones) match.zones = [...raw.zones];
  return match;
}

function normalizeHazard(raw: {
  grade: HazardGrade;
  title: string;
  deadlineDays?: number | undefined;
}): HazardSpec {
  return {
    grade: raw.grade,
    title: raw.title,
    deadlineDays: raw.deadlineDays ?? DEFAULT_DEADLINE_DAYS[raw.grade],
  };
}
