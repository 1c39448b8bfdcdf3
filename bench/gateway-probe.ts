import { performance } from 'node:perf_hooks';
import type { GatewayHandle } from '@campus/ingest';

interface Totals {
  batches: number;
  sinkSeconds: number;
  points: number;
}

type MetricValues = { metricName?: string; value: number }[];
const total = (values: MetricValues, suffix: string): number =>
  values
    .filter((v) => v.metricName === undefined || v.metricName.endsWith(suffix))
    .reduce((n, v) => n + v.value, 0);

async function totals(gateway: GatewayHandle): Promise<Totals> {
  const latency = await gateway.metrics.writeLatency.get();
  const written = await gateway.metrics.pointsWritten.get();
  return {
    batches: total(latency.values, '_count'),
    sinkSeconds: total(latency.values, '_sum'),
    points: total(written.values, ''),
  };
}

/**
 * What the gateway did during the measured runs, from its own metrics (sink batches and their write
 * time) and the event loop's utilisation: evidence for where an ingest run spends its time.
 */
export class GatewayProbe {
  private start: Totals | undefined;
  private activeMs = 0;
  private wallMs = 0;

  constructor(private readonly gateway: GatewayHandle) {}

  /** Takes the starting totals: call it after the warm-up, outside the timed runs. */
  async begin(): Promise<void> {
    this.start = await totals(this.gateway);
  }

  /** Wraps one measured run: its event-loop use and wall time are added up. */
  async during(run: () => Promise<void>): Promise<void> {
    const before = performance.eventLoopUtilization();
    const t0 = performance.now();
    await run();
    this.wallMs += performance.now() - t0;
    this.activeMs += performance.eventLoopUtilization(before).active;
  }

  async summary(label: string): Promise<string> {
    if (!this.start) return `${label}: no measured run`;
    const end = await totals(this.gateway);
    const batches = end.batches - this.start.batches;
    const points = end.points - this.start.points;
    const sinkMs = (end.sinkSeconds - this.start.sinkSeconds) * 1000;
    const pct = (part: number) => `${Math.round((100 * part) / Math.max(this.wallMs, 1))}%`;
    const avg = Math.round(points / Math.max(batches, 1));
    return (
      `${label}: ${batches} sink batches for ${points} points (avg ${avg}/batch); during the publish time ` +
      `sink writes were in flight ${pct(sinkMs)} and the event loop was busy ${pct(this.activeMs)}`
    );
  }
}
