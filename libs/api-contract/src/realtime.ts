import type { Alert } from './alerts';
import type { HazardReport } from './hazard-reports';
import type { RollCall, Urge } from './supervision';

/** socket.io events the server sends (docs/alerting.md, "socket.io"). */
export const SOCKET_EVENTS = {
  /** Every new or changed Alert of the user's scope. */
  alert: 'alert',
  /**
   * A hazard report (人人参与) submitted or triaged in the user's scope; sent to the users who read
   * alerts (not to `school_staff`, who follow their own reports over REST).
   */
  hazardReport: 'hazardReport',
  /**
   * 督办: an official urged the school (or a school user dismissed the banner: `dismissedAt` set);
   * sent to the school's own room only.
   */
  urge: 'urge',
  /** 在线查岗 started, answered or closed: to each school's room, with that school's line only. */
  rollCall: 'rollCall',
  /** The access token the socket connected with ran out; the server closes the socket. */
  sessionExpired: 'session_expired',
} as const;

/** socket.io's typed events, server to client (`Socket<ServerToClientEvents>`). */
export interface ServerToClientEvents {
  alert: (alert: Alert) => void;
  hazardReport: (report: HazardReport) => void;
  urge: (urge: Urge) => void;
  rollCall: (rollCall: RollCall) => void;
  session_expired: (body: { error: string }) => void;
}

/** What a client passes as socket.io's `auth` at the handshake. */
export interface SocketAuth {
  token: string | null;
}
