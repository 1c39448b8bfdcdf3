import { describe, expect, it } from 'vitest';
import type { TelemetrySource } from '../devices/simulator-runtime';
import { TelemetryScheduler } from './telemetry-scheduler';

class FakeSource implements TelemetrySource {
  reports = 0;
  constructor(
    readonly id: string,
    public canReport = true,
  ) {}
  reportTelemetry(): void {
    this.reports++;
  }
}

function driven(rate: number, sources: FakeSource[]) {
  let now = 0;
  const scheduler = new TelemetryScheduler({ rate, sources, clock: () => now });
  return {
    scheduler,
    advance: async (ms: number) => {
      now += ms;
      return scheduler.tick();
    },
  };
}

describe('telemetry scheduler', () => {
  it('sends `rate` messages per second across the fleet, spread evenly', async () => {
    const sources = Array.from({ length: 7 }, (_, i) => new FakeSource(`d${i}`));
    const { advance } = driven(20, sources);
    let sent = 0;
    for (let i = 0; i < 100; i++) sent += await advance(50);
    expect(sent).toBe(100);
    const counts = sources.map((s) => s.reports);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('passes over sources that cannot report, without queueing for them', async () => {
    const online = new FakeSource('on');
    const offline = new FakeSource('off', false);
    const { advance } = driven(10, [offline, online]);
    expect(await advance(1_000)).toBe(10);
    expect(offline.reports).toBe(0);
    expect(online.reports).toBe(10);
  });

  it('sends nothing when every source is offline, and does not burst when they return', async () => {
    const source = new FakeSource('d', false);
    const { advance } = driven(10, [source]);
    expect(await advance(3_000)).toBe(0);
    source.canReport = true;
    expect(await advance(100)).toBe(1);
  });

  it('caps the backlog after a stall at one second of traffic', async () => {
    const { advance } = driven(50, [new FakeSource('d')]);
    expect(await advance(10_000)).toBe(50);
  });

  it('stops publishing once stopped', async () => {
    const source = new FakeSource('d');
    const { scheduler, advance } = driven(10, [source]);
    scheduler.stop();
    expect(await advance(1_000)).toBe(0);
  });
});
