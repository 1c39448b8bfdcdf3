import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The alert service's Prometheus metrics (docs/operations.md, "Metrics"). One registry per service. */
export class AlertingMetrics {
  readonly registry = new Registry();
  readonly alertsOpened = new Counter({
    name: 'campus_alerts_opened_total',
    help: 'Alerts opened, by type and severity (a repeat while open adds an occurrence, not an alert)',
    labelNames: ['type', 'severity'],
    registers: [this.registry],
  });
  readonly escalationSteps = new Counter({
    name: 'campus_escalation_steps_total',
    help: 'Escalation steps fired (first page, escalations, reminders), by level and kind',
    labelNames: ['level', 'kind'],
    registers: [this.registry],
  });
  readonly escalationLateness = new Histogram({
    name: 'campus_escalation_step_lateness_seconds',
    help: 'How long after its due time an escalation step fired',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly notifications = new Counter({
    name: 'campus_notifications_total',
    help: 'Notification attempts (SMS, voice), by channel and result (sent, failed)',
    labelNames: ['channel', 'result'],
    registers: [this.registry],
  });
  readonly intakeLag = new Histogram({
    name: 'campus_intake_lag_seconds',
    help: "From a message's time (device or gateway) to its intake by the rules, by lane (alarms, telemetry)",
    labelNames: ['lane'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600],
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    // the all-in-one merges this registry with the gateway's, which collects the process metrics
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    for (const result of ['sent', 'failed']) {
      for (const channel of ['sms', 'voice']) this.notifications.inc({ channel, result }, 0);
    }
  }

  stepFired(level: string, kind: string, latenessMs: number): void {
    this.escalationSteps.inc({ level, kind });
    this.escalationLateness.observe(Math.max(0, latenessMs) / 1000);
  }

  notified(channel: string, ok: boolean): void {
    this.notifications.inc({ channel, result: ok ? 'sent' : 'failed' });
  }

  /** `kind` of the uplink message: readings are telemetry, events and availability alarms. */
  received(kind: string, ts: number, now: number): void {
    this.intakeLag.observe(
      { lane: kind === 'reading' ? 'telemetry' : 'alarms' },
      Math.max(0, now - ts) / 1000,
    );
  }
}

/** Nest token of the service's `AlertingMetrics`. */
export const ALERTING_METRICS = Symbol('ALERTING_METRICS');
