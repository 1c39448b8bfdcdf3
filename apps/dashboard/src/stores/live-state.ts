/**
 * The console's live state, honestly (docs/user-guide.md "实时状态"): "实时" only when the socket is
 * connected AND the alert list has been read completely since it (re)connected. Pure: the store
 * (live-alerts.ts) feeds it, the badge and the header read it.
 */

export type LiveState =
  /** socket.io is not connected (first connect under way, or cut off: the offline banner says so). */
  | 'connecting'
  /** Connected; the list is being read (first load, or the reload after a reconnect). */
  | 'syncing'
  /** Connected, but the last read of the list failed: what is shown may be incomplete; a retry is scheduled. */
  | 'incomplete'
  /** Connected and the list complete: every change from here on arrives live. */
  | 'live';

export interface LiveInputs {
  /** socket.io is connected now. */
  connected: boolean;
  /** The list has been read successfully since the socket last (re)connected. */
  complete: boolean;
  /** The last read of the list failed (and nothing succeeded since). */
  failed: boolean;
}

export function liveState({ connected, complete, failed }: LiveInputs): LiveState {
  if (!connected) return 'connecting';
  if (complete) return 'live';
  return failed ? 'incomplete' : 'syncing';
}

/** Backoff of the list's retries: 1 s, 2 s, 4 s, 8 s, then every 10 s (a guard must not wait long once the API is back). */
export function retryDelayMs(attempt: number): number {
  return Math.min(1_000 * 2 ** Math.max(0, attempt), 10_000);
}

/** Why a read failed, in words the screen can translate (never the browser's English "Failed to fetch"). */
export type FailureKind = 'network' | 'unavailable' | 'server' | 'denied' | 'other';

/** `status` is the HTTP status, 0 when the server could not be reached (api/http.ts ApiError). */
export function failureKind(status: number | undefined): FailureKind {
  if (status === undefined || status === 0) return 'network';
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  if (status >= 500) return 'server';
  if (status === 401 || status === 403) return 'denied';
  return 'other';
}
