export { LinkageController } from './linkage.controller';
export { LinkageService, NO_COMMAND_PATH, type LinkageOptions } from './linkage.service';
export { actionTimeoutFromEnv } from './linkage.schemas';
export {
  DEFAULT_ACTION_TIMEOUT_MS,
  sendCommand,
  type CommandTransport,
  type SendOutcome,
} from './command-sender';
export { linkageDevices, planActions, withinScope, type PlannedAction } from './action-plan';
export { SAFETY_LIST, needsConfirmation, type SafetyEntry } from './safety-list';
export { ACTION_SCOPES, type ActionScope, type RuleAction } from './rule-actions';
