import type { Sites } from '@campus/device-protocols';
import type { z } from 'zod';
import { DEFAULT_RULE_BY_ID, DEFAULT_RULES, RESERVED_ID_PREFIXES } from './default-rules';
import type { RawRule } from './rule-config-schema';
import { RuleConfigError, type RuleProblem } from './rule-config-error';
import { kindProblems, siteProblems } from './rule-kind-checks';
import {
  BUILT_IN_RULE_KINDS,
  CONFIGURABLE_RULE_KINDS,
  RULE_KIND_NAMES,
  RULE_KINDS,
  type RuleDefinition,
  type RuleKind,
} from './rule-kinds';
import { actionProblems } from '../linkage/rule-actions';
import { describeValue } from './rule-schema-helpers';
import { normalizeRule } from './rule-normalize';

/**
 * The sites file's top-level `rules:` section (kept opaque by the sites parser) → the rules in
 * force: the default pack (default-rules.ts) with overrides applied in place, then the file's own
 * rules in file order. Throws `RuleConfigError` listing every refused entry with its index, id
 * and reason.
 *
 * An entry whose `id` is a built-in id overrides that rule: its keys replace the built-in ones,
 * except `match`, `alert`, `hazard` and `flap`, which are merged key by key (`alert: null` /
 * `hazard: null` drop that output). The kind of a built-in rule cannot change. Any other entry is
 * a rule of its own and must be complete; ids starting `default:`, `duty:` or `audit:` are
 * reserved. With `sites`, device ids and org codes in `match` must exist in it.
 */
export function parseRuleConfig(
  raw: unknown,
  options: { sites?: Sites; source?: string } = {},
): RuleDefinition[] {
  const source = options.source ?? options.sites?.source ?? 'sites file';
  if (raw === undefined || raw === null) return [...DEFAULT_RULES];
  if (!Array.isArray(raw)) {
    const reason = `expected a list of rules (lines starting with "- "), got ${describeValue(raw)}`;
    throw new RuleConfigError(source, [{ index: undefined, id: undefined, reason }]);
  }

  const problems: RuleProblem[] = [];
  const overrides = new Map<string, RuleDefinition>();
  const own: RuleDefinition[] = [];
  const firstIndexOfId = new Map<string, number>();
  raw.forEach((entry: unknown, index) => {
    const id = isMapping(entry) && typeof entry['id'] === 'string' ? entry['id'] : undefined;
    const fail = (reason: string): void => {
      problems.push({ index, id, reason });
    };
    if (id !== undefined) {
      const earlier = firstIndexOfId.get(id);
      if (earlier !== undefined) return fail(`id "${id}" is already used by rules[${earlier}]`);
      firstIndexOfId.set(id, index);
    }
    const result = readEntry(entry, options.sites);
    if (!result.ok) return result.reasons.forEach(fail);
    if (DEFAULT_RULE_BY_ID.has(result.rule.id)) overrides.set(result.rule.id, result.rule);
    else own.push(result.rule);
  });
  if (problems.length > 0) throw new RuleConfigError(source, problems);
  return [...DEFAULT_RULES.map((r) => overrides.get(r.id) ?? r), ...own];
}

/** The rules in force for a parsed sites file (its `rules:` section over the default pack). */
export function loadRules(sites: Sites): RuleDefinition[] {
  return parseRuleConfig(sites.rules, { sites });
}

type EntryResult = { ok: true; rule: RuleDefinition } | { ok: false; reasons: string[] };

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_:.-]{0,99}$/;
const MERGED_KEYS = new Set(['match', 'alert', 'hazard', 'flap']);
const REMOVABLE_KEYS = new Set(['alert', 'hazard']);

function readEntry(entry: unknown, sites: Sites | undefined): EntryResult {
  const refuse = (...reasons: string[]): EntryResult => ({ ok: false, reasons });
  if (!isMapping(entry)) return refuse(`expected a mapping with at least an id, got ${describeValue(entry)}`);
  const id = entry['id'];
  if (id === undefined) return refuse('missing required key "id"');
  if (typeof id !== 'string' || !ID_PATTERN.test(id))
    return refuse(
      `id: ${describeValue(id)} is not a rule id — letters, digits and _ : . - (up to 100), e.g. lab-night-intrusion`,
    );

  const builtIn = DEFAULT_RULE_BY_ID.get(id);
  let candidate: Record<string, unknown>;
  if (builtIn) {
    if (entry['kind'] !== undefined && entry['kind'] !== builtIn.kind)
      return refuse(
        `${id} is ${/^[aeiou]/.test(builtIn.kind) ? 'an' : 'a'} ${builtIn.kind} rule and its kind cannot change — disable it (enabled: false) and add a rule with an id of your own`,
      );
    candidate = mergeOverride(builtIn, entry);
  } else {
    if (RESERVED_ID_PREFIXES.some((p) => id.startsWith(p)))
      return refuse(
        `no built-in rule "${id}" (ids starting ${RESERVED_ID_PREFIXES.join(', ')} are reserved) — built-in ids: ${[...DEFAULT_RULE_BY_ID.keys()].join(', ')}`,
      );
    const kindProblem = ownKindProblem(entry['kind']);
    if (kindProblem) return refuse(kindProblem);
    candidate = entry;
  }

  const kind = candidate['kind'] as RuleKind;
  const parsed = RULE_KINDS[kind].schema.safeParse(candidate, { reportInput: true });
  if (!parsed.success) return refuse(...parsed.error.issues.map(issueText));
  const rawRule: RawRule = parsed.data;
  const reasons = [
    ...kindProblems(rawRule),
    ...(sites ? siteProblems(rawRule.match, sites) : []),
    ...actionProblems(rawRule, sites),
  ];
  if (reasons.length > 0) return refuse(...reasons);
  return { ok: true, rule: normalizeRule(rawRule) };
}

function ownKindProblem(kind: unknown): string | undefined {
  const kinds = CONFIGURABLE_RULE_KINDS.join(', ');
  if (kind === undefined) return `missing required key "kind" — one of ${kinds}`;
  if ((BUILT_IN_RULE_KINDS as readonly unknown[]).includes(kind))
    return `kind ${String(kind)} is built in — override its built-in rule by id (${builtInIdsOfKind(kind)}) or use one of ${kinds}`;
  if (!(RULE_KIND_NAMES as readonly unknown[]).includes(kind))
    return `unknown kind ${JSON.stringify(kind)} — use one of ${kinds}`;
  return undefined;
}

function builtInIdsOfKind(kind: unknown): string {
  return DEFAULT_RULES.filter((r) => r.kind === kind)
    .map((r) => r.id)
    .join(', ');
}

/** The built-in rule with the override's keys on top; nested sections merged key by key. */
function mergeOverride(base: RuleDefinition, entry: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(entry)) {
    const current = merged[key];
    if (value === null && REMOVABLE_KEYS.has(key)) delete merged[key];
    else if (MERGED_KEYS.has(key) && isMapping(value) && isMapping(current))
      merged[key] = { ...current, ...value };
    else merged[key] = value;
  }
  return merged;
}

function issueText(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
  const missing =
    (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union') &&
    issue.input === undefined;
  if (missing) {
    const last = issue.path[issue.path.length - 1];
    const parent = issue.path.slice(0, -1).join('.');
    return `${parent ? `${parent}: ` : ''}missing required key "${String(last)}"`;
  }
  return path ? `${path}: ${issue.message}` : issue.message;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
