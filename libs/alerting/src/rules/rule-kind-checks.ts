import type { Sites } from '@campus/device-protocols';
import type { RawMatch } from './rule-config-schema';
import type { MatchKey } from './rule-kind';
import { RULE_KINDS, type RuleKind } from './rule-kinds';

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
  // Which `match` keys the kind reads and needs: its file under kinds/.
  const { allowed, required } = RULE_KINDS[rule.kind].match;
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
