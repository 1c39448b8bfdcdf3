export * from './rule-types';
export {
  BUILT_IN_RULE_KINDS,
  CONFIGURABLE_RULE_KINDS,
  RULE_KIND_NAMES,
  RULE_KINDS,
  type RawRuleOf,
  type RuleOf,
} from './rule-kinds';
export type { RuleKindDef } from './rule-kind';
export { DEFAULT_RULES, DEFAULT_RULE_BY_ID, RESERVED_ID_PREFIXES } from './default-rules';
export { parseRuleConfig, loadRules } from './rule-config';
export { RuleConfigError, problemPlace, type RuleProblem } from './rule-config-error';
export { DEFAULT_DEADLINE_DAYS } from './rule-normalize';
export { raiseSeverity, severityForRisk } from './severity';
export { isPanic } from './trigger-factory';
export { silenceWatch, type SilenceWatch } from './silence-policy';
export { FlapSuppressor, type FlapVerdict } from './flap-suppressor';
export { RuleEngine, type RuleEngineOptions } from './rule-engine';
export {
  replayRule,
  devicesInScope,
  REPLAYABLE_KINDS,
  REPLAY_TICK_MS,
  type ReplayResult,
  type ReplayReading,
  type ReplayEvent,
} from './rule-replay';
