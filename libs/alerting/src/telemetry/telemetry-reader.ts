/**
 * Reads device history from the time-series store. The gateway's sinks satisfy it (the all-in-one
 * platform passes its embedded store); without one the endpoint answers 503.
 */
export interface TelemetryReader {
  queryTelemetry(query: {
    device: string;
    metric: string;
    from: number;
    to: number;
  }): Promise<{ ts: number; value: number }[]>;
  /** Device events (the same store's); the rules preview replays them. Absent: no events stored. */
  queryEvents?(query: {
    device?: string;
    from: number;
    to: number;
  }): Promise<{ ts: number; device: string; type: string; data: Record<string, unknown> }[]>;
}

export const TELEMETRY_READER = Symbol('TELEMETRY_READER');
