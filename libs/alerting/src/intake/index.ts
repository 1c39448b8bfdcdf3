export { uplinkMessageSchema, parseUplinkPayload, type UplinkParse } from './uplink-message.schema';
export { UplinkIntake } from './uplink-intake';
export {
  defaultIntakeClientId,
  type UplinkHandler,
  type UplinkIntakeOptions,
  type UplinkIntakeStats,
} from './uplink-intake-options';
export { RuleLoop, type RuleLoopOptions } from './rule-loop';
export { RetryableError, isRetryableError } from './retryable';
export { IntakeLanes, isAlarmLane, type IntakeLaneStats, type UplinkBatchHandler } from './intake-lanes';
