import { describe, expect, it } from 'vitest';
import { AlertingMetrics } from './alerting-metrics';

describe('AlertingMetrics', () => {
  it('puts readings in the telemetry lane and everything else in the alarm lane, lateness in seconds', async () => {
    const metrics = new AlertingMetrics({ defaultMetrics: false });
    metrics.received('reading', 1_000, 3_000);
    metrics.received('event', 1_000, 1_500);
    metrics.received('availability', 2_000, 1_000); // a device clock ahead counts as no lag
    metrics.stepFired('county', 'step', 250);
    metrics.notified('sms', true);
    metrics.notified('voice', false);
    const page = await metrics.registry.metrics();
    expect(page).toContain('campus_intake_lag_seconds_sum{lane="telemetry"} 2');
    expect(page).toContain('campus_intake_lag_seconds_sum{lane="alarms"} 0.5');
    expect(page).toContain('campus_intake_lag_seconds_count{lane="alarms"} 2');
    expect(page).toContain('campus_escalation_steps_total{level="county",kind="step"} 1');
    expect(page).toContain('campus_escalation_step_lateness_seconds_sum 0.25');
    expect(page).toContain('campus_notifications_total{channel="sms",result="sent"} 1');
    expect(page).toContain('campus_notifications_total{channel="voice",result="failed"} 1');
  });
});
