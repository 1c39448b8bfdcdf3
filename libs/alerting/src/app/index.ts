export * from './alert-service-config';
export * from './start-alert-service';
export { alertingControllersAndProviders, type AlertingFeatureDeps } from './alerting-wiring';
export { createAlertingApp, type AlertingApp, type AlertingAppOptions } from './create-app';
export { NestPinoLogger } from './nest-logger';
export { SqlEscalationStore } from './sql-escalation-store';
export { RepositoryAlertGate } from './repository-alert-gate';
export { RepositoryNotificationLog } from './repository-notification-log';
export { EscalationRuntime, type EscalationRuntimeOptions } from './escalation-runtime';
