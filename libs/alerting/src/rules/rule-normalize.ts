import type { HazardGrade } from '../domain/trigger';
import { normalizeActions } from '../linkage/rule-actions';
import type { RawMatch, RawRule } from './rule-config-schema';
import { RULE_KINDS, type RawRuleOf, type RuleKind, type RuleOf } from './rule-kinds';
import type { HazardSpec, RuleBase, RuleDefinition, RuleMatch } from './rule-types';

/** Rectification deadline of a hazard whose rule names none. */
export const DEFAULT_DEADLINE_DAYS: Readonly<Record<HazardGrade, number>> = { general: 7, major: 30 };

/**
 * A validated entry with its defaults filled in: enabled, schedule `always`, deadline by grade,
 * then its kind's own (e.g. count_window's `per: device`).
 */
export function normalizeRule(raw: RawRule): RuleDefinition {
  const base: RuleBase = {
    id: raw.id,
    enabled: raw.enabled ?? true,
    match: normalizeMatch(raw.match),
    ...(raw.alert ? { alert: { type: raw.alert.type, severity: raw.alert.severity } } : {}),
    ...(raw.hazard ? { hazard: normalizeHazard(raw.hazard) } : {}),
    ...(raw.actions ? { actions: normalizeActions(raw.actions) } : {}),
  };
  return normalizeKind(raw.kind, raw, base);
}

/** The kind's own parameters and defaults (its file under kinds/), over the shared part. */
function normalizeKind<K extends RuleKind>(kind: K, raw: RawRuleOf<K>, base: RuleBase): RuleOf<K> {
  return RULE_KINDS[kind].normalize(raw, base);
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
