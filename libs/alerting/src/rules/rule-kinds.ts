import { absenceKind } from './kinds/absence';
import { countWindowKind } from './kinds/count-window';
import { deviceOfflineKind } from './kinds/device-offline';
import { dormitoryAuditKind } from './kinds/dormitory-audit';
import { dutyPatrolKind } from './kinds/duty-patrol';
import { eventKind } from './kinds/event';
import { rateOfRiseKind } from './kinds/rate-of-rise';
import { thresholdKind } from './kinds/threshold';
import type { RuleKindDef } from './rule-kind';
import type { RuleBase } from './rule-types';

/**
 * Every rule kind, once: the sites file's `kind:` word → its file under kinds/ (schema, defaults,
 * `match` keys, evaluator). The union types, the schema lookup, normalisation, the checks and the
 * engine's dispatch are all derived from this table, so a new kind is one file and one line here.
 * Order is the order kinds are named in messages (configurable kinds first).
 */
const TABLE = kindTable({
  event: eventKind,
  threshold: thresholdKind,
  rate_of_rise: rateOfRiseKind,
  absence: absenceKind,
  count_window: countWindowKind,
  device_offline: deviceOfflineKind,
  duty_patrol: dutyPatrolKind,
  dormitory_audit: dormitoryAuditKind,
});

/** Checks that each key is the kind its definition's schema and rule say. */
function kindTable<T extends { [K in keyof T]: RuleKindDef<{ kind: K }, RuleBase & { kind: K }> }>(
  table: T,
): T {
  return table;
}

type Table = typeof TABLE;
export type RuleKind = keyof Table;

/** Each kind's entry (schema output) and rule types, read off its definition. */
type KindTypes = {
  [K in RuleKind]: Table[K] extends RuleKindDef<infer Raw, infer Rule> ? { raw: Raw; rule: Rule } : never;
};
export type RawRuleOf<K extends RuleKind> = KindTypes[K]['raw'];
export type RuleOf<K extends RuleKind> = KindTypes[K]['rule'];
/** A rule of any kind. */
export type RuleDefinition = RuleOf<RuleKind>;

/** Typed as a mapped type so that `RULE_KINDS[kind]` pairs with `RuleOf<kind>` in generic code. */
export const RULE_KINDS: { readonly [K in RuleKind]: RuleKindDef<RawRuleOf<K>, RuleOf<K>> } = TABLE;

/** The kind words in table order. */
export const RULE_KIND_NAMES = Object.keys(RULE_KINDS) as readonly RuleKind[];
/** Kinds a sites file may use for rules of its own. */
export const CONFIGURABLE_RULE_KINDS: readonly RuleKind[] = RULE_KIND_NAMES.filter(
  (k) => RULE_KINDS[k].configurable,
);
/** Kinds only the built-in rules have (their parameters may be overridden, their kind not). */
export const BUILT_IN_RULE_KINDS: readonly RuleKind[] = RULE_KIND_NAMES.filter(
  (k) => !RULE_KINDS[k].configurable,
);
