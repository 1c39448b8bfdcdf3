import type { Sites } from '@campus/device-protocols';
import type { z } from 'zod';
import type { Trigger } from '../domain/trigger';
import type { RawMatch } from './rule-config-schema';
import type { RuleEnv, RuleEvaluator } from './rule-evaluator';
import type { RuleBase } from './rule-types';

export type MatchKey = keyof RawMatch;

/** The `match` keys that pick devices; most device rules allow all three. */
export const DEVICE_MATCH_KEYS: readonly MatchKey[] = ['deviceKinds', 'devices', 'schools'];

/** How the engine runs a rule: over the uplink, or as an audit of the sites file (`RuleEngine.audit`). */
export type RuleRun<Rule> =
  | { evaluator(rule: Rule, env: RuleEnv): RuleEvaluator }
  | { audit(rule: Rule, sites: Sites, now: number): Trigger[] };

/**
 * Everything about one rule kind, in its own file under kinds/ and listed once in RULE_KINDS
 * (rule-kinds.ts): the sites-file entry's shape, its defaults, which `match` keys it reads, and
 * how the engine runs it. `Raw` is the schema's output, `Rule` the normalised rule.
 */
export interface RuleKindDef<Raw, Rule> {
  /** False: only a built-in rule has this kind (its parameters may be overridden by id, its kind not). */
  readonly configurable: boolean;
  /** One `rules:` entry of this kind, strict (unknown keys refused), `kind` a literal; see `ruleFields`. */
  readonly schema: z.ZodType<Raw>;
  /** Which `match` keys the kind reads, and which it needs. */
  readonly match: { readonly allowed: readonly MatchKey[]; readonly required: readonly MatchKey[] };
  /** The validated entry over `base` (the fields every rule has, defaults filled in), with its own defaults. */
  normalize(raw: Raw, base: RuleBase): Rule;
  readonly run: RuleRun<Rule>;
}

/** Declares a kind; only checks (and infers) the types, so a kind file reads as data. */
export function defineRuleKind<Raw extends { kind: string }, Rule extends RuleBase & { kind: Raw['kind'] }>(
  def: RuleKindDef<Raw, Rule>,
): RuleKindDef<Raw, Rule> {
  return def;
}
