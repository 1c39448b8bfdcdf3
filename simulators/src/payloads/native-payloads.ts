/** Payloads of the native protocol (`campus/v1/{school}/{device}/{channel}`), as in docs/protocol.md. */

export interface NativeTelemetryPayload {
  ts: number;
  metrics: Record<string, number>;
}

export interface NativeEventPayload {
  ts: number;
  type: string;
  data: Record<string, unknown>;
}

export interface NativeStatusPayload {
  online: boolean;
}

export function telemetryPayload(ts: number, metrics: Record<string, number>): string {
  const body: NativeTelemetryPayload = { ts, metrics };
  return JSON.stringify(body);
}

export function eventPayload(ts: number, type: string, data: Record<string, unknown> = {}): string {
  const body: NativeEventPayload = { ts, type, data };
  return JSON.stringify(body);
}

export function statusPayload(online: boolean): string {
  const body: NativeStatusPayload = { online };
  return JSON.stringify(body);
}
