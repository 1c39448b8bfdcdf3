import type { FleetDevice, RunStats } from './device-fleet';

/** Parent → load process. Every request carries an id; the answer echoes it. */
export type LoadRequest =
  | { type: 'connect'; id: number; url: string; devices: FleetDevice[]; window: number }
  | { type: 'count'; id: number; perDevice: number }
  | { type: 'rate'; id: number; perSecond: number }
  | { type: 'progress'; id: number }
  | { type: 'stop'; id: number }
  | { type: 'sent'; id: number };

export interface SentReport {
  tsBase: number;
  devices: { id: string; sent: number; acked: number }[];
}

/** Load process → parent. `busy`: the share of the run its event loop was busy. */
export type LoadAnswer =
  | { type: 'ok'; id: number }
  | { type: 'stats'; id: number; stats: RunStats; busy: number }
  | { type: 'progress'; id: number; acked: number }
  | { type: 'sent'; id: number; report: SentReport }
  | { type: 'error'; id: number; message: string }
  /** A paced load failed between requests (a lost connection, stalled PUBACKs). */
  | { type: 'failed'; message: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Messages arrive as structured clones of what the other side sent; only the tag is checked here. */
export function isLoadRequest(v: unknown): v is LoadRequest {
  return isRecord(v) && typeof v['type'] === 'string' && typeof v['id'] === 'number';
}

export function isLoadAnswer(v: unknown): v is LoadAnswer {
  return isRecord(v) && typeof v['type'] === 'string';
}
