import { describe, expect, it } from 'vitest';
import { metricsFor, telemetryWindow, WINDOW_MS } from './telemetry-window';

describe('telemetry around an alert', () => {
  it('picks the metric that tells most about the kind first', () => {
    expect(metricsFor('heat_detector')[0]).toBe('temperature');
    expect(metricsFor('temperature_sensor')[0]).toBe('temperature');
    expect(metricsFor('gas_detector')[0]).toBe('gas_ppm');
    expect(metricsFor('smoke_detector')).toContain('battery');
    expect(metricsFor('one_key_alarm')).toEqual(['battery']);
    expect(metricsFor('something_new')).toEqual(['battery', 'temperature']);
    expect(metricsFor(null)).toEqual(['battery', 'temperature']);
  });

  it('shows 30 minutes either side of the opening, cut at now', () => {
    const opened = Date.parse('2026-11-28T02:00:00.000Z');
    const later = telemetryWindow('2026-11-28T02:00:00.000Z', opened + 2 * WINDOW_MS);
    expect(later.from.getTime()).toBe(opened - WINDOW_MS);
    expect(later.to.getTime()).toBe(opened + WINDOW_MS);
    expect(later.endsNow).toBe(false);

    const recent = telemetryWindow('2026-11-28T02:00:00.000Z', opened + 5 * 60_000);
    expect(recent.to.getTime()).toBe(opened + 5 * 60_000);
    expect(recent.endsNow).toBe(true);

    // The browser's clock is behind the server's: still a window of at least a minute.
    const skewed = telemetryWindow('2026-11-28T02:00:00.000Z', opened - 2 * WINDOW_MS);
    expect(skewed.to.getTime() - skewed.from.getTime()).toBe(60_000);
  });
});
