export { AlertService, SYSTEM_USER } from './alert.service';
export { AlertsController } from './alerts.controller';
export { AlertEscalation, type EscalationPoke } from './alert-escalation';
export { alertingControllersAndProviders, type AlertingFeatureDeps } from './alerting-wiring';
export { alertView, type AlertView } from './alert-view';
