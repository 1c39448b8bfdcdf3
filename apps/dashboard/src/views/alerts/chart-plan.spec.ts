import { describe, expect, it } from 'vitest';
import { formatReading, isEventAlarm, markLabelPositions, orderedMetrics, recentEvents } from './chart-plan';

describe('orderedMetrics: the metric that triggered the alert first', () => {
  it('takes a threshold rule’s metric, else the alert type’s, else the kind’s order', () => {
    expect(
      orderedMetrics(['smoke_obscuration', 'temperature', 'battery'], {
        type: 'heat',
        detail: { metric: 'temperature' },
      }),
    ).toEqual(['temperature', 'smoke_obscuration', 'battery']);
    expect(orderedMetrics(['gas_ppm', 'battery'], { type: 'gas' })).toEqual(['gas_ppm', 'battery']);
    expect(orderedMetrics(['battery'], { type: 'low_battery' })).toEqual(['battery']);
    expect(orderedMetrics(['battery', 'temperature'], { type: 'sos' })).toEqual(['battery', 'temperature']);
  });
});

describe('formatReading: the value with its unit', () => {
  it('writes °C, ppm and % as Chinese readers expect', () => {
    expect(formatReading(26.54, 'temperature')).toBe('26.5 °C');
    expect(formatReading(420, 'gas_ppm')).toBe('420 ppm');
    expect(formatReading(90, 'battery')).toBe('90%');
    expect(formatReading(1, 'contact')).toBe('1');
  });
});

describe('isEventAlarm', () => {
  it('tells event alarms from reading alarms', () => {
    expect(['sos', 'smoke', 'intrusion', 'door_forced'].every(isEventAlarm)).toBe(true);
    expect(['heat', 'gas', 'low_battery', 'device_offline'].some(isEventAlarm)).toBe(false);
  });
});

describe('markLabelPositions: 告警 and 确认 never overlap', () => {
  const window = { from: 0, to: 60 * 60_000 };
  it('puts both labels at the top when the lines are far apart', () => {
    expect(markLabelPositions(30 * 60_000, 45 * 60_000, window, 600)).toEqual({ alert: 'end', ack: 'end' });
  });
  it('moves 确认 to the bottom when it is acknowledged within moments', () => {
    expect(markLabelPositions(30 * 60_000, 30 * 60_000 + 20_000, window, 600)).toEqual({
      alert: 'end',
      ack: 'start',
    });
    // the same gap on a wide screen has room
    expect(markLabelPositions(30 * 60_000, 31 * 60_000, window, 4000)).toEqual({ alert: 'end', ack: 'end' });
  });
  it('has no 确认 label before the acknowledgement', () => {
    expect(markLabelPositions(30 * 60_000, null, window, 600)).toEqual({ alert: 'end', ack: null });
  });
});

describe('recentEvents', () => {
  it('lists the device’s alerts and the shown alert’s repeats, newest first, once each', () => {
    const shown = { id: 'a2', device: 'sos-1', type: 'sos', openedAt: '2026-12-07T10:05:00Z' };
    const alerts = [
      { id: 'a1', device: 'sos-1', type: 'sos', openedAt: '2026-12-07T09:00:00Z' },
      shown,
      { id: 'b1', device: 'smk-1', type: 'smoke', openedAt: '2026-12-07T10:00:00Z' },
    ];
    expect(recentEvents(alerts, shown, [{ at: '2026-12-07T10:06:00Z' }])).toEqual([
      { at: '2026-12-07T10:06:00Z', type: 'sos', alertId: 'a2' },
      { at: '2026-12-07T10:05:00Z', type: 'sos', alertId: 'a2' },
      { at: '2026-12-07T09:00:00Z', type: 'sos', alertId: 'a1' },
    ]);
  });
});
