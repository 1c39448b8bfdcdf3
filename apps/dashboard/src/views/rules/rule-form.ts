import type { EscalationStepBody } from '../../api/rules';

/**
 * The rules editor's pure parts (docs/user-guide.md "规则与升级"): a rule entry as the registry
 * holds it ↔ the structured form of a threshold rule, the field an API refusal names, and a
 * readable before/after of a history entry. The server checks everything; these only shape.
 */

export type RuleEntry = Record<string, unknown> & { id: string };

export const THRESHOLD_OPS = ['>=', '<=', '>', '<'] as const;
export const SEVERITY_OPTIONS = ['critical', 'high', 'medium', 'low'] as const;

/** The structured form of a threshold rule; the fields are strings as typed (the server checks them). */
export interface ThresholdForm {
  metric: string;
  op: string;
  value: string;
  forSeconds: string;
  severity: string;
  alertType: string;
  deviceKinds: string[];
  enabled: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether the structured form can show this entry: a threshold rule (an override of a built-in one names no kind). */
export function isThreshold(entry: RuleEntry): boolean {
  return entry['kind'] === 'threshold' || (entry['kind'] === undefined && entry['id'] === 'default:heat');
}

export function thresholdFormOf(entry: RuleEntry): ThresholdForm {
  const match = isRecord(entry['match']) ? entry['match'] : {};
  const alert = isRecord(entry['alert']) ? entry['alert'] : {};
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return {
    metric: str(match['metric']),
    op: str(entry['op']),
    value: str(entry['value']),
    forSeconds: str(entry['forSeconds']),
    severity: str(alert['severity']),
    alertType: str(alert['type']),
    deviceKinds: Array.isArray(match['deviceKinds']) ? match['deviceKinds'].map(String) : [],
    enabled: entry['enabled'] !== false,
  };
}

/** A typed number stays a number for the server to judge; anything else is sent as typed (and refused there). */
const numberOrText = (s: string): number | string => {
  const trimmed = s.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
};

/** The form over the entry: keys the form does not show are kept as they were. */
export function applyThresholdForm(entry: RuleEntry, form: ThresholdForm): RuleEntry {
  // a JSON copy: the entry may be a Vue proxy, which structuredClone refuses
  const next = JSON.parse(JSON.stringify(entry)) as RuleEntry;
  const match = isRecord(next['match']) ? { ...next['match'] } : {};
  if (form.metric.trim()) match['metric'] = form.metric.trim();
  else delete match['metric'];
  if (form.deviceKinds.length > 0) match['deviceKinds'] = [...form.deviceKinds];
  else delete match['deviceKinds'];
  if (Object.keys(match).length > 0) next['match'] = match;
  const set = (key: string, value: string, asNumber: boolean) => {
    if (value.trim() === '') delete next[key];
    else next[key] = asNumber ? numberOrText(value) : value.trim();
  };
  set('op', form.op, false);
  set('value', form.value, true);
  set('forSeconds', form.forSeconds, true);
  if (form.severity || form.alertType) {
    const alert = isRecord(next['alert']) ? { ...next['alert'] } : {};
    if (form.severity) alert['severity'] = form.severity;
    if (form.alertType.trim()) alert['type'] = form.alertType.trim();
    next['alert'] = alert;
  }
  if (form.enabled) {
    if (next['enabled'] === false) delete next['enabled'];
  } else next['enabled'] = false;
  return next;
}

/** Structured fields an API refusal can name (`… rules[2]: value: expected a number …`). */
export const FORM_FIELDS = [
  'metric',
  'op',
  'value',
  'forSeconds',
  'severity',
  'alertType',
  'deviceKinds',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];

const FIELD_OF_PATH: Record<string, FormField> = {
  'match.metric': 'metric',
  metric: 'metric',
  op: 'op',
  value: 'value',
  forSeconds: 'forSeconds',
  'alert.severity': 'severity',
  'alert.type': 'alertType',
  'match.deviceKinds': 'deviceKinds',
};

/** The form field a refusal is about, or null (then it is shown above the form). */
export function fieldOfRefusal(reason: string): FormField | null {
  const after = reason.replace(/^refused:\s*/, '').replace(/^rules\[\d+\](?: \(id "[^"]*"\))?:\s*/, '');
  const missing = /missing required key "([^"]+)"/.exec(after);
  const path = missing
    ? after.startsWith('match:')
      ? `match.${missing[1]}`
      : missing[1]
    : /^([\w.]+(?:\[\d+\])?):/.exec(after)?.[1];
  if (path === undefined) return null;
  return FIELD_OF_PATH[path.replace(/\[\d+\]$/, '')] ?? null;
}

/** What a rule matches, in a few words' worth of parts (kinds, metric or event types, schools, schedule). */
export function matchParts(entry: RuleEntry): { key: string; value: string }[] {
  const match = isRecord(entry['match']) ? entry['match'] : {};
  const parts: { key: string; value: string }[] = [];
  for (const key of ['deviceKinds', 'devices', 'eventTypes', 'metric', 'schools', 'zones', 'schedule']) {
    const v = match[key];
    if (v === undefined) continue;
    parts.push({ key, value: Array.isArray(v) ? v.map(String).join('、') : String(v) });
  }
  return parts;
}

/** One changed value of a history entry: its path, and the value before and after (absent: undefined). */
export interface DiffLine {
  path: string;
  before: string | undefined;
  after: string | undefined;
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function flatten(v: unknown, prefix: string, out: Map<string, string>): void {
  if (isRecord(v)) {
    for (const [k, inner] of Object.entries(v)) flatten(inner, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(v) && v.some((x) => isRecord(x) || Array.isArray(x))) {
    v.forEach((inner, i) => flatten(inner, `${prefix}[${i + 1}]`, out));
  } else if (v !== undefined && v !== null) out.set(prefix || '·', show(v));
}

/** A readable diff of before/after: only what changed, one line per value, in a stable order. */
export function diffLines(before: unknown, after: unknown): DiffLine[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(before, '', a);
  flatten(after, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths
    .filter((p) => a.get(p) !== b.get(p))
    .map((path) => ({ path, before: a.get(path), after: b.get(path) }));
}

/** Escalation steps: move one up or down (reorder), add one after the last, remove one. */
export function moveStep(steps: EscalationStepBody[], index: number, by: -1 | 1): EscalationStepBody[] {
  const to = index + by;
  if (to < 0 || to >= steps.length) return steps;
  const next = [...steps];
  const [moved] = next.splice(index, 1);
  if (moved) next.splice(to, 0, moved);
  return next;
}

export function addStep(steps: EscalationStepBody[]): EscalationStepBody[] {
  const LEVELS = ['school', 'county', 'city', 'province'] as const;
  const last = steps[steps.length - 1];
  const level = LEVELS[Math.min(LEVELS.indexOf(last?.level ?? 'school') + (last ? 1 : 0), LEVELS.length - 1)];
  return [...steps, { level: level ?? 'school', after: last ? '5m' : '0s', channels: ['sms'] }];
}
