export { AlertService, SYSTEM_USER } from './alert.service';
export { AlertsController } from './alerts.controller';
export { AlertEscalation, type EscalationPoke } from './alert-escalation';
export { alertView, type AlertView } from './alert-view';
