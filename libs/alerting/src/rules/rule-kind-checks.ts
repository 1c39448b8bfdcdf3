import type { Sites } from '@campus/device-protocols';
import type { RawMatch } from './rule-config-schema';
import type { RuleKind } from './rule-types';

type MatchKey = keyof RawMatch;

const DEVICE_KEYS: readonly MatchKey[] = ['deviceKinds', 'devices', 'schools'];

/** Which `match` keys each kind reads, and which it needs. */
const MATCH_KEYS: Readonly<
  Record<RuleKind, { allowed: readonly MatchKey[]; required: readonly MatchKey[] }>
> = {
  event: { allowed: [...DEVICE_KEYS, 'eventTypes', 'zones', 'schedule'], required: ['eventTypes'] },
  threshold: { allowed: [...DEVICE_KEYS, 'metric', 'schedule'], required: ['metric'] },
  rate_of_rise: { allowed: [...DEVICE_KEYS, 'metric', 'schedule'], required: ['metric'] },
  absence: { allowed: [...DEVICE_KEYS, 'eventTypes', 'metric', 'schedule'], required: [] },
  count_window: { allowed: [...DEVICE_KEYS, 'eventTypes', 'zones', 'schedule'], required: ['eventTypes'] },
  device_offline: { allowed: DEVICE_KEYS, required: [] },
  duty_patrol: { allowed: ['schools'], required: [] },
  dormitory_audit: { allowed: ['schools'], required: [] },
};

const MATCH_KEY_MEANING: Readonly<Record<MatchKey, string>> = {
  deviceKinds: 'device kinds',
  devices: 'device ids',
  schools: 'school or division codes',
  eventTypes: 'event types',
  metric: 'a telemetry metric',
  zones: 'Frigate zones',
  schedule: 'a schedule',
};

interface CheckedRule {
  kind: RuleKind;
  match?: RawMatch | undefined;
  alert?: unknown;
  hazard?: unknown;
}

/** Problems across keys that the per-kind schema cannot see; empty when the rule is sound. */
export function kindProblems(rule: CheckedRule): string[] {
  const problems: string[] = [];
  const { allowed, required } = MATCH_KEYS[rule.kind];
  const match = rule.match ?? {};
  for (const key of Object.keys(match) as MatchKey[]) {
    // `schedule: always` is what every rule does anyway, so any kind accepts it.
    const harmless = key === 'schedule' && match.schedule === 'always';
    if (match[key] !== undefined && !allowed.includes(key) && !harmless)
      problems.push(
        `match.${key}: a ${rule.kind} rule does not look at ${MATCH_KEY_MEANING[key]} — allowed in match: ${allowed.join(', ')}`,
      );
  }
  for (const key of required) {
    if (match[key] === undefined)
      problems.push(`match.${key}: a ${rule.kind} rule needs ${MATCH_KEY_MEANING[key]} to look at`);
  }
  if (rule.alert === undefined && rule.hazard === undefined)
    problems.push('give an alert: { type, severity } and/or a hazard: { grade, title }');
  return problems;
}

/** Device ids and org codes in `match` that the sites file does not declare. */
export function siteProblems(match: RawMatch | undefined, sites: Sites): string[] {
  const problems: string[] = [];
  for (const id of match?.devices ?? []) {
    if (!sites.deviceById.has(id)) problems.push(`match.devices: no device "${id}" in the sites file`);
  }
  const orgs = new Set<string>([
    sites.province.code,
    ...sites.cities.map((c) => c.code),
    ...sites.counties.map((c) => c.code),
    ...sites.schools.map((s) => s.code),
  ]);
  for (const code of match?.schools ?? []) {
    if (!orgs.has(code)) problems.push(`match.schools: no school or division "${code}" in the sites file`);
  }
  return problems;
}
