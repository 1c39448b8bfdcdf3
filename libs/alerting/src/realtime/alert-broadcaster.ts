import type { Alert } from '../domain/alert';

/** What the alert service calls on every change of an alert (docs/alerting.md). */
export interface AlertBroadcaster {
  broadcastAlert(alert: Alert): void;
}

/** Injection token for the AlertBroadcaster (the RealtimeGateway). */
export const ALERT_BROADCASTER = Symbol('ALERT_BROADCASTER');
