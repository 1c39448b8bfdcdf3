export { ENV, ESCALATION_RUNTIME, ESCALATION_RUNTIME_OPTIONS } from './tokens';
export { SqlEscalationStore } from './sql-escalation-store';
export { RepositoryAlertGate } from './repository-alert-gate';
export { RepositoryNotificationLog } from './repository-notification-log';
export { EscalationRuntime, type EscalationRuntimeOptions } from './escalation-runtime';
