import { SOCKET_EVENTS, type ServerToClientEvents } from '@campus/api-contract';
import { io, type Socket } from 'socket.io-client';
import { computed, reactive, ref, shallowRef } from 'vue';
import { ApiError, hasPermission, logout, refreshSession, token } from '../api/http';
import {
  acknowledgeAlert,
  getAlert,
  listAlerts,
  resolveAlert,
  SEVERITIES,
  type Alert,
  type Disposition,
  type Severity,
} from '../api/alerts';
import { applyReload, mergeAlert } from './alert-merge';
import { applyHazardReport, reloadHazardReports, resetHazardReports } from './hazard-reports-live';
import { failureKind, liveState, retryDelayMs, type FailureKind } from './live-state';
import {
  alertChanged,
  applyRollCall,
  applyUrge,
  reloadSupervision,
  resetSupervision,
} from './supervision-live';
import { triageSort } from './triage-order';

/**
 * The live alerts of the whole app: one socket.io connection (docs/alerting.md) for every screen,
 * holding the open and acknowledged alerts of the user's scope. After a dropped connection it
 * reloads the lists and reports what it missed; while cut off, `offline` says so. A failed read of the
 * lists is retried with backoff until it succeeds, and until then the state is not "live"
 * (docs/user-guide.md "实时状态").
 */

/** Open and acknowledged alerts by id; resolved ones leave. */
const byId = reactive(new Map<string, Alert>());
/** Ids seen resolved: a stale list answer must not bring them back (bounded, see remember()). */
const resolvedIds = new Set<string>();

/** The socket is connected now (the console's `data-live` also needs `complete`, see `state`). */
export const live = ref(false);
/** The lists have been read successfully since the socket last (re)connected. */
export const complete = ref(false);
/** Cut off: the socket dropped or cannot connect (the offline banner). */
export const offline = ref(false);
/** When the connection was lost (epoch ms), while offline. */
export const offlineSince = ref<number | null>(null);
/** The last recovery: how long it was cut off and how many alert changes the reload brought. */
export const lastRecovery = shallowRef<{ from: number; to: number; missed: number } | null>(null);
/** The last alert that arrived live (not from a reload), for the screen reader announcement. */
export const lastArrival = shallowRef<Alert | null>(null);
/** The first list has arrived (until then the console shows "loading", not "no alerts"). */
export const loaded = ref(false);
/** Why the last list reload failed (cleared by the next success); a retry is scheduled meanwhile. */
export const loadError = ref<{ kind: FailureKind; status: number } | null>(null);

/** The console's badge: live only when connected and the list is complete (stores/live-state.ts). */
export const state = computed(() =>
  liveState({ connected: live.value, complete: complete.value, failed: loadError.value !== null }),
);

/** In triage order (stores/triage-order.ts): open first, a person in danger first, then severity, newest. */
export const activeAlerts = computed(() => triageSort(byId.values()));

/** Open alerts per severity (the header counts). */
export const openCounts = computed(() => {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const a of byId.values()) if (a.status === 'open' && a.severity in counts) counts[a.severity] += 1;
  return counts;
});

export const alertById = (id: string): Alert | undefined => byId.get(id);

type Listener = (alert: Alert) => void;
const listeners = new Set<Listener>();

/** Called with every version of an alert the store takes in (resolved ones included). */
export function onAlertChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(alert: Alert): void {
  alertChanged(alert);
  for (const listener of listeners) {
    try {
      listener(alert);
    } catch (err) {
      console.error('alert listener failed', err);
    }
  }
}

function remember(id: string): void {
  resolvedIds.add(id);
  if (resolvedIds.size > 5000) resolvedIds.delete(resolvedIds.values().next().value as string);
}

/** Takes in one version of an alert (from the socket, an action's answer, or the detail screen). */
export function applyAlert(incoming: Alert): void {
  if (incoming.status === 'resolved') {
    remember(incoming.id);
    byId.delete(incoming.id);
    notify(incoming);
    return;
  }
  if (resolvedIds.has(incoming.id)) return;
  const known = byId.get(incoming.id);
  const kept = mergeAlert(known, incoming);
  if (known === undefined && kept.status === 'open') lastArrival.value = kept;
  byId.set(kept.id, kept);
  notify(kept);
}

let reloading: Promise<number> | null = null;
/** Bumped by stopLiveAlerts: an answer for the previous session must not fill the next one. */
let generation = 0;

/** Reads both lists again; resolves to how many alerts changed for the user since the last look. */
export function reloadAlerts(): Promise<number> {
  reloading ??= (async () => {
    const started = generation;
    const connectedAtStart = connectedAt;
    try {
      const [open, acknowledged] = await Promise.all([listAlerts('open'), listAlerts('acknowledged')]);
      if (started !== generation) return 0;
      const { next, missed, changed, removed } = applyReload(byId, [...open, ...acknowledged], resolvedIds);
      byId.clear();
      for (const [id, alert] of next) byId.set(id, alert);
      loaded.value = true;
      loadError.value = null;
      // complete only if the socket was up throughout the read: a drop meanwhile may have lost a broadcast
      if (socket?.connected === true && connectedAt === connectedAtStart) complete.value = true;
      for (const alert of changed) notify(alert);
      // Gone from the lists: resolved meanwhile (or moved out of scope). Tell the detail screens.
      for (const id of removed) void getAlert(id).then(applyAlert, () => undefined);
      return missed;
    } finally {
      reloading = null;
    }
  })();
  return reloading;
}

/** When the socket last connected (bumped per connect): a read started before it may have missed broadcasts. */
let connectedAt = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let retryAttempt = 0;

/** Reads the lists; on failure says why and tries again with backoff until a read succeeds. */
async function reloadQuietly(): Promise<number | null> {
  clearTimeout(retryTimer);
  retryTimer = undefined;
  const started = generation;
  try {
    const missed = await reloadAlerts();
    retryAttempt = 0;
    // the socket reconnected while we read: read once more so the list covers the gap
    if (socket?.connected === true && !complete.value && started === generation) scheduleRetry(0);
    return missed;
  } catch (err) {
    if (started !== generation) return null;
    const status = err instanceof ApiError ? err.status : 0;
    loadError.value = { kind: failureKind(status), status };
    // 401: the session ended (api/http.ts logs out); nothing to retry for
    if (status !== 401 && token.value !== null) scheduleRetry(retryDelayMs(retryAttempt++));
    return null;
  }
}

function scheduleRetry(delayMs: number): void {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => void reloadQuietly(), delayMs);
}

/** socket.io with the server's events of libs/api-contract. */
type LiveSocket = Socket<ServerToClientEvents>;

let socket: LiveSocket | null = null;
/**
 * The server closes a socket when the access token it connected with runs out (`session_expired`);
 * the dashboard has renewed the token by then and reconnects with the new one at once. That
 * expected close is not shown as "offline"; the reload on reconnecting covers the moment between.
 */
let renewing = false;
/** The handshake was refused once since the last connect: renew the token, but only once. */
let refusedOnce = false;

/** Reconnects with a fresh token; ends the session when it cannot be renewed. */
function reconnectRenewed(s: LiveSocket): void {
  refreshSession().then(
    (ok) => {
      if (ok && socket === s) s.connect();
    },
    // the server could not be reached: try anyway; socket.io's retries and the offline banner take over
    () => {
      if (socket === s) s.connect();
    },
  );
}

function goOffline(): void {
  live.value = false;
  complete.value = false;
  if (!offline.value) {
    offline.value = true;
    offlineSince.value = Date.now();
  }
}

/** Connects (once) for the current token and loads the lists. Idempotent. */
export function startLiveAlerts(): void {
  if (socket !== null || token.value === null) return;
  void reloadQuietly();
  const s: LiveSocket = io({
    // read at every (re)connect: the token is renewed every 15 minutes
    auth: (cb) => cb({ token: token.value }),
    // The guard must be back quickly after a network hiccup: retry at most every 3 s.
    reconnectionDelay: 500,
    reconnectionDelayMax: 3_000,
  });
  socket = s;
  s.on(SOCKET_EVENTS.alert, (alert) => applyAlert(alert));
  // Hazard reports (人人参与) ride the same connection: the triage list and its nav badge are live.
  s.on(SOCKET_EVENTS.hazardReport, (report) => applyHazardReport(report));
  // 督办 banners and 在线查岗 prompts for the school (stores/supervision-live.ts).
  s.on(SOCKET_EVENTS.urge, (urge) => applyUrge(urge));
  s.on(SOCKET_EVENTS.rollCall, (rollCall) => applyRollCall(rollCall));
  s.on('connect', () => {
    live.value = true;
    complete.value = false;
    connectedAt += 1;
    renewing = false;
    refusedOnce = false;
    // Whatever changed while we were not listening (also before the first connect): read again.
    const wasOffline = offline.value;
    const from = offlineSince.value;
    if (hasPermission('hazard_reports.triage')) void reloadHazardReports().catch(() => undefined);
    void reloadSupervision().catch(() => undefined);
    void reloadQuietly().then((missed) => {
      if (wasOffline && from !== null && socket === s) {
        lastRecovery.value = { from, to: Date.now(), missed: missed ?? 0 };
      }
      if (socket === s && s.connected) {
        offline.value = false;
        offlineSince.value = null;
      }
    });
  });
  s.on('disconnect', (reason) => {
    // The server closed us on purpose (token expired): socket.io will not retry by itself.
    if (reason === 'io server disconnect' && renewing) {
      // the token was renewed a minute ago (api/http.ts); if it was not, the refusal renews it
      live.value = false;
      complete.value = false;
      s.connect();
      return;
    }
    goOffline();
    if (reason === 'io server disconnect') s.connect();
  });
  s.on('connect_error', (err: Error) => {
    if (err.message === 'unauthorized') {
      // refused at the handshake: the token ran out or was revoked. Renew once; else sign out.
      if (refusedOnce) {
        logout('expired');
        return;
      }
      refusedOnce = true;
      reconnectRenewed(s);
      return;
    }
    goOffline();
  });
  s.on(SOCKET_EVENTS.sessionExpired, () => {
    renewing = true;
  });
}

/** Closes the connection and forgets everything (logout). */
export function stopLiveAlerts(): void {
  generation += 1;
  renewing = false;
  refusedOnce = false;
  reloading = null;
  clearTimeout(retryTimer);
  retryTimer = undefined;
  retryAttempt = 0;
  socket?.removeAllListeners();
  socket?.close();
  socket = null;
  resetHazardReports();
  resetSupervision();
  byId.clear();
  resolvedIds.clear();
  live.value = false;
  complete.value = false;
  offline.value = false;
  offlineSince.value = null;
  lastRecovery.value = null;
  lastArrival.value = null;
  loaded.value = false;
  loadError.value = null;
}

export function dismissRecovery(): void {
  lastRecovery.value = null;
}

/**
 * Acknowledges; the answer updates the store at once (the broadcast follows). An alert someone
 * else acknowledged meanwhile (409) is read again instead of failing the guard's click.
 */
export async function acknowledge(id: string, note?: string): Promise<Alert> {
  try {
    const alert = await acknowledgeAlert(id, note);
    applyAlert(alert);
    return alert;
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status !== 409) throw err;
    const alert = await getAlert(id);
    applyAlert(alert);
    if (alert.status === 'open') throw err;
    return alert;
  }
}

export async function resolve(id: string, disposition: Disposition, note?: string): Promise<Alert> {
  const alert = await resolveAlert(id, disposition, note);
  applyAlert(alert);
  return alert;
}
