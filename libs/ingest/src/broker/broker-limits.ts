import { z } from 'zod';

/**
 * The embedded broker's bounds on what a client may cost before and after it logs in
 * (docs/protocol.md, "Connection limits"; every variable with its reason in the operator docs).
 */
export interface BrokerLimits {
  /** `MAX_PACKET_BYTES`: the largest remaining length of any MQTT packet, CONNECT included. */
  maxPacketBytes: number;
  /**
   * `MQTT_BRIDGE_MAX_PACKET_BYTES`: the bound for a logged-in bridge (Zigbee2MQTT, Frigate) over
   * TCP, whose own topics carry large messages the platform ignores (`bridge/devices`, snapshots).
   */
  bridgeMaxPacketBytes: number;
  /** `MQTT_MAX_CONNECTIONS`: open connections over TCP and WebSocket together. */
  maxConnections: number;
  /** `MQTT_MAX_CONNECTIONS_PER_IP`: of those, from one address (an IPv6 /64 counts as one). */
  maxConnectionsPerIp: number;
  /** `MQTT_KEEPALIVE_MAX_SECONDS`: keepalive 0 and longer ones are capped to this. */
  keepaliveMaxSeconds: number;
  /** `MQTT_CONNECT_TIMEOUT_SECONDS`: a connection that sends no CONNECT within this is closed. */
  connectTimeoutMs: number;
  /** `MQTT_DRAIN_TIMEOUT_SECONDS`: a subscriber that reads nothing for this long is disconnected. */
  drainTimeoutMs: number;
  /** A subscriber with more than this many bytes waiting to be written to it is disconnected. */
  maxOutgoingBytes: number;
  /** `MQTT_AUTH_MAX_FAILURES_PER_ACCOUNT`: wrong secrets for one device within 5 minutes that lock it. */
  authFailuresPerAccount: number;
  /** `MQTT_AUTH_MAX_FAILURES_PER_IP`: failed CONNECTs from one address within 1 minute that lock it. */
  authFailuresPerIp: number;
}

/** Room for the fixed and variable headers and the topic above `MAX_PAYLOAD_BYTES`. */
export const PACKET_HEADER_ROOM = 1024;
/**
 * Zigbee2MQTT's retained `bridge/devices` lists every paired device with its definition: a few
 * KiB each, over a MiB for a large network.
 */
const DEFAULT_BRIDGE_PACKET_BYTES = 4 * 1024 * 1024;
/** A subscriber's output buffer holds this many of the largest device packets, at least 8 MiB. */
const OUTGOING_PACKETS = 16;
const MIN_OUTGOING_BYTES = 8 * 1024 * 1024;

export function defaultBrokerLimits(maxPayloadBytes: number): BrokerLimits {
  const maxPacketBytes = maxPayloadBytes + PACKET_HEADER_ROOM;
  const bridgeMaxPacketBytes = Math.max(DEFAULT_BRIDGE_PACKET_BYTES, maxPacketBytes);
  return {
    maxPacketBytes,
    bridgeMaxPacketBytes,
    maxConnections: 20_000,
    maxConnectionsPerIp: 1_000,
    keepaliveMaxSeconds: 3_600,
    connectTimeoutMs: 10_000,
    drainTimeoutMs: 10_000,
    maxOutgoingBytes: outgoingBound(maxPacketBytes, bridgeMaxPacketBytes),
    authFailuresPerAccount: 10,
    authFailuresPerIp: 50,
  };
}

function outgoingBound(maxPacketBytes: number, bridgeMaxPacketBytes: number): number {
  return Math.max(MIN_OUTGOING_BYTES, OUTGOING_PACKETS * maxPacketBytes, 2 * bridgeMaxPacketBytes);
}

const optionalPositiveInt = z.coerce.number().int().positive().optional();
/** MQTT's remaining length has four bytes of seven bits: 256 MiB is the most any packet can declare. */
const MAX_REMAINING_LENGTH = 268_435_455;

/** The variables, to spread into the gateway's environment schema. */
export const brokerLimitsEnv = {
  MAX_PACKET_BYTES: z.coerce.number().int().positive().max(MAX_REMAINING_LENGTH).optional(),
  MQTT_BRIDGE_MAX_PACKET_BYTES: z.coerce.number().int().positive().max(MAX_REMAINING_LENGTH).optional(),
  MQTT_MAX_CONNECTIONS: optionalPositiveInt,
  MQTT_MAX_CONNECTIONS_PER_IP: optionalPositiveInt,
  MQTT_KEEPALIVE_MAX_SECONDS: z.coerce.number().int().positive().max(65_535).optional(),
  MQTT_CONNECT_TIMEOUT_SECONDS: optionalPositiveInt,
  MQTT_DRAIN_TIMEOUT_SECONDS: optionalPositiveInt,
  MQTT_AUTH_MAX_FAILURES_PER_ACCOUNT: optionalPositiveInt,
  MQTT_AUTH_MAX_FAILURES_PER_IP: optionalPositiveInt,
};

export type BrokerLimitsEnv = z.infer<z.ZodObject<typeof brokerLimitsEnv>>;

/** The limits the variables ask for, or what is wrong with them (for the gateway's ConfigError). */
export function brokerLimitsFromEnv(
  e: BrokerLimitsEnv,
  maxPayloadBytes: number,
): { ok: true; limits: BrokerLimits } | { ok: false; problem: string } {
  const defaults = defaultBrokerLimits(maxPayloadBytes);
  const maxPacketBytes = e.MAX_PACKET_BYTES ?? defaults.maxPacketBytes;
  if (maxPacketBytes < maxPayloadBytes) {
    return {
      ok: false,
      problem:
        `MAX_PACKET_BYTES (${maxPacketBytes}) is below MAX_PAYLOAD_BYTES (${maxPayloadBytes}): a packet ` +
        `carries its payload plus topic and headers, so set MAX_PACKET_BYTES to at least ` +
        `${maxPayloadBytes + PACKET_HEADER_ROOM}, or leave it unset`,
    };
  }
  const bridgeMaxPacketBytes =
    e.MQTT_BRIDGE_MAX_PACKET_BYTES ?? Math.max(defaults.bridgeMaxPacketBytes, maxPacketBytes);
  if (bridgeMaxPacketBytes < maxPacketBytes) {
    return {
      ok: false,
      problem:
        `MQTT_BRIDGE_MAX_PACKET_BYTES (${bridgeMaxPacketBytes}) is below MAX_PACKET_BYTES (${maxPacketBytes}): ` +
        `a bridge may send what any device may, so raise it or leave it unset`,
    };
  }
  const maxConnections = e.MQTT_MAX_CONNECTIONS ?? defaults.maxConnections;
  return {
    ok: true,
    limits: {
      maxPacketBytes,
      bridgeMaxPacketBytes,
      maxConnections,
      maxConnectionsPerIp: Math.min(
        e.MQTT_MAX_CONNECTIONS_PER_IP ?? defaults.maxConnectionsPerIp,
        maxConnections,
      ),
      keepaliveMaxSeconds: e.MQTT_KEEPALIVE_MAX_SECONDS ?? defaults.keepaliveMaxSeconds,
      connectTimeoutMs: (e.MQTT_CONNECT_TIMEOUT_SECONDS ?? defaults.connectTimeoutMs / 1000) * 1000,
      drainTimeoutMs: (e.MQTT_DRAIN_TIMEOUT_SECONDS ?? defaults.drainTimeoutMs / 1000) * 1000,
      maxOutgoingBytes: outgoingBound(maxPacketBytes, bridgeMaxPacketBytes),
      authFailuresPerAccount: e.MQTT_AUTH_MAX_FAILURES_PER_ACCOUNT ?? defaults.authFailuresPerAccount,
      authFailuresPerIp: e.MQTT_AUTH_MAX_FAILURES_PER_IP ?? defaults.authFailuresPerIp,
    },
  };
}

/**
 * The keepalive the broker applies: the client's, unless it is 0 ("never time out") or above the
 * ceiling, then the ceiling. aedes closes a connection silent for 1.5 × keepalive.
 */
export function capKeepalive(requestedSeconds: number, maxSeconds: number): number {
  return requestedSeconds > 0 && requestedSeconds <= maxSeconds ? requestedSeconds : maxSeconds;
}
