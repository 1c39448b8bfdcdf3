import { Counter, Gauge } from 'prom-client';
import { GB26875_MALFORMED_REASONS } from '@campus/device-protocols';
import type { GatewayMetrics } from '../metrics/gateway-metrics';

/** `campus_messages_refused_total{reason}` for a frame whose source address no panel declares. */
export const UNKNOWN_ADDRESS = 'unknown_address';
/** `campus_messages_refused_total{reason}` for a frame from a peer outside its panel's allow-list. */
export const PEER_NOT_ALLOWED = 'peer_not_allowed';
/** `campus_messages_refused_total{reason}` for a connection from a peer no panel allows. */
export const CONNECTION_NOT_ALLOWED = 'connection_not_allowed';

/** Why the gateway closed a GB/T 26875.3 connection: `campus_gb26875_connections_closed_total{reason}`. */
export const GB26875_CLOSE_REASONS = [
  /** On connect: the peer's address is in no panel's allow-list. */
  CONNECTION_NOT_ALLOWED,
  /** A frame for a panel whose allow-list does not hold the peer. */
  PEER_NOT_ALLOWED,
  /** Another connection spoke for a panel this one held (a transmitter that reconnected). */
  'taken_over',
  /** The peer did not read its replies for `writeStuckMs`. */
  'slow_reader',
  /** Too much noise, too many refused frames in a row. */
  'garbage',
  /** The registry no longer has a panel this connection spoke for (docs/registry.md). */
  'removed',
] as const;
export type Gb26875CloseReason = (typeof GB26875_CLOSE_REASONS)[number];

/**
 * Metrics of the GB/T 26875.3 listener, in the gateway's registry. Malformed frames and unknown
 * addresses are counted in the shared `campus_messages_malformed_total` / `_refused_total`.
 */
export class Gb26875Metrics {
  readonly connections: Gauge;
  readonly frames: Counter<'command'>;
  readonly replies: Counter<'reply'>;
  readonly noiseBytes: Counter;
  readonly idleTimeouts: Counter;
  readonly panelsOnline: Gauge;
  readonly closed: Counter<'reason'>;

  constructor(readonly gateway: GatewayMetrics) {
    const registers = [gateway.registry];
    this.connections = new Gauge({
      name: 'campus_gb26875_connections',
      help: 'Open TCP connections on the GB/T 26875.3 listener',
      registers,
    });
    this.frames = new Counter({
      name: 'campus_gb26875_frames_total',
      help: 'Well-framed GB/T 26875.3 frames received (checksum and markers right), by command byte',
      labelNames: ['command'],
      registers,
    });
    this.replies = new Counter({
      name: 'campus_gb26875_replies_total',
      help: 'Replies sent to transmitters: confirm (确认) or deny (否认)',
      labelNames: ['reply'],
      registers,
    });
    this.noiseBytes = new Counter({
      name: 'campus_gb26875_noise_bytes_total',
      help: 'Bytes skipped while resynchronising on "@@"',
      registers,
    });
    this.idleTimeouts = new Counter({
      name: 'campus_gb26875_idle_timeouts_total',
      help: 'Connections closed because no valid frame came within GB26875_IDLE_SECONDS',
      registers,
    });
    this.panelsOnline = new Gauge({
      name: 'campus_gb26875_panels_online',
      help: 'Fire-alarm panels with a live GB/T 26875.3 connection',
      registers,
    });
    this.closed = new Counter({
      name: 'campus_gb26875_connections_closed_total',
      help: 'GB/T 26875.3 connections the gateway closed on its own, by reason (idle timeouts: campus_gb26875_idle_timeouts_total)',
      labelNames: ['reason'],
      registers,
    });
    for (const reply of ['confirm', 'deny']) this.replies.inc({ reply }, 0);
    for (const reason of GB26875_MALFORMED_REASONS) gateway.malformed.inc({ reason }, 0);
    for (const reason of [UNKNOWN_ADDRESS, PEER_NOT_ALLOWED, CONNECTION_NOT_ALLOWED])
      gateway.refused.inc({ reason }, 0);
    for (const reason of GB26875_CLOSE_REASONS) this.closed.inc({ reason }, 0);
  }
}
