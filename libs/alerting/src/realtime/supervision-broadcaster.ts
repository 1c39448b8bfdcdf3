import type { RollCall, Urge } from '../domain/supervision';

/** What the supervision services call (docs/alerting.md "socket.io"): each goes to the school's own room. */
export interface SupervisionBroadcaster {
  broadcastUrge(urge: Urge): void;
  /** To each school of the roll-call, with that school's line only. */
  broadcastRollCall(rollCall: RollCall): void;
}

/** Injection token for the SupervisionBroadcaster (the RealtimeGateway). */
export const SUPERVISION_BROADCASTER = Symbol('SUPERVISION_BROADCASTER');
