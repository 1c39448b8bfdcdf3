import type { StoredMessage } from './series-point';

export interface TelemetryQuery {
  device: string;
  metric: string;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, inclusive. */
  to: number;
}
export interface TelemetryPoint {
  ts: number;
  value: number;
}

export interface EventQuery {
  school?: string;
  device?: string;
  from: number;
  to: number;
}
export interface StoredEvent {
  ts: number;
  device: string;
  school: string;
  type: string;
  data: Record<string, unknown>;
}

export interface StatusPoint {
  ts: number;
  device: string;
  online: boolean;
}

/**
 * Where readings, events and availability land. Every implementation passes the same contract
 * suite (`time-series-sink.contract.ts`).
 *
 * Writes are idempotent: writing a point twice (same measurement, device, type and ts) leaves one
 * point, which is what lets the outbox retry a batch whose first attempt may have half-landed.
 */
export interface TimeSeriesSink {
  /** The `sink` label of `campus_points_written_total`: `influxdb` or `embedded`. */
  readonly name: string;
  /** Creates what is missing (database, tables, retention policy). Safe to call again. */
  init(): Promise<void>;
  /** Writes one batch; rejects when any of it may not have been stored (the caller journals it). */
  write(batch: readonly StoredMessage[]): Promise<void>;
  queryTelemetry(query: TelemetryQuery): Promise<TelemetryPoint[]>;
  queryEvents(query: EventQuery): Promise<StoredEvent[]>;
  queryStatus(query: { device: string; from: number; to: number }): Promise<StatusPoint[]>;
  /** Number of points per measurement for one device: for tests, drills and operators' checks. */
  countPoints(device: string): Promise<{ telemetry: number; events: number; status: number }>;
  /**
   * Deletes points older than `days`, for stores without retention of their own (the embedded one).
   * Absent where the store expires points itself (InfluxDB retention policies, bucket retention).
   */
  purgeOlderThan?(days: number): Promise<unknown>;
  close(): Promise<void>;
}
