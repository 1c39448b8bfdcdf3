import type { PackedBatch } from './packed-batch';
import type { PointCounts } from './sqlite-store';
import type {
  EventQuery,
  StatusPoint,
  StoredEvent,
  TelemetryPoint,
  TelemetryQuery,
} from './time-series-sink';

/** Each request the main thread can make of the store worker: its arguments and its result. */
export interface StoreCalls {
  init: { args: []; result: void };
  write: { args: [batch: PackedBatch]; result: void };
  queryTelemetry: { args: [query: TelemetryQuery]; result: TelemetryPoint[] };
  queryEvents: { args: [query: EventQuery]; result: StoredEvent[] };
  queryStatus: { args: [query: { device: string; from: number; to: number }]; result: StatusPoint[] };
  countPoints: { args: [device: string]; result: PointCounts };
  purgeOlderThan: { args: [days: number, now: number]; result: PointCounts };
  close: { args: []; result: void };
}
export type StoreOp = keyof StoreCalls;

export type StoreRequest = { [K in StoreOp]: { id: number; op: K; args: StoreCalls[K]['args'] } }[StoreOp];

/** An Error as it crosses the thread boundary (the structured clone keeps no subclass or code). */
export interface WireError {
  message: string;
  name: string;
  code?: string;
  stack?: string;
}

export type StoreResponse =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** What the worker says once, before any response: it has the store open, or why it could not. */
export type StoreStartup = { type: 'ready' } | { type: 'failed'; error: WireError };

export interface StoreWorkerData {
  /** The SQLite file, or `:memory:`. */
  file: string;
}

export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { message: String(error), name: 'Error' };
  const code = (error as { code?: unknown }).code;
  return {
    message: error.message,
    name: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.stack === undefined ? {} : { stack: error.stack }),
  };
}
