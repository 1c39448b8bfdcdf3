import type { Alert } from './alerts';

/** socket.io events the server sends (docs/alerting.md, "socket.io"). */
export const SOCKET_EVENTS = {
  /** Every new or changed Alert of the user's scope. */
  alert: 'alert',
  /** The access token the socket connected with ran out; the server closes the socket. */
  sessionExpired: 'session_expired',
} as const;

/** socket.io's typed events, server to client (`Socket<ServerToClientEvents>`). */
export interface ServerToClientEvents {
  alert: (alert: Alert) => void;
  session_expired: (body: { error: string }) => void;
}

/** What a client passes as socket.io's `auth` at the handshake. */
export interface SocketAuth {
  token: string | null;
}
