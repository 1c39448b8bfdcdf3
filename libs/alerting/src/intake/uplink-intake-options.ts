import { hostname } from 'node:os';
import type { UplinkMessage } from '@campus/device-protocols';
import type { Logger } from 'pino';

/** Handles one uplink message received at `now` (epoch ms); resolving acknowledges it to the broker. */
export type UplinkHandler = (msg: UplinkMessage, now: number) => Promise<void>;

export interface UplinkIntakeOptions {
  /** The broker the gateways forward to, e.g. `mqtt://gateway:1883` (MQTT_URL). */
  url: string;
  /** The gateway's service account (MQTT_SERVICE_USERNAME / MQTT_SERVICE_PASSWORD). */
  username: string;
  password: string;
  /**
   * The persistent session's client id. Default `campus-alert-service-<hostname>`. It must be
   * stable across restarts of one replica (the broker keeps that session's QoS 1 messages while the
   * service is down) and differ between replicas: two clients with one id take the session from
   * each other in turn. Each replica's session receives every message, so replicas see the uplink
   * in duplicate. Where hostnames change per restart (a Deployment's pods), set it explicitly
   * (ALERT_SERVICE_CLIENT_ID) or a restart starts a fresh session and leaves the old one behind.
   */
  clientId?: string;
  handler: UplinkHandler;
  logger: Logger;
  /** The uplink topics this intake reads. Default the whole uplink (`platform/v1/uplink/#`). */
  subscriptions?: readonly string[];
  /** Whether a handler failure should leave the message for redelivery. Default `isRetryableError`. */
  isRetryable?: (err: unknown) => boolean;
  /** The receive time given to the handler. Default `Date.now`. */
  clock?: () => number;
  /** Delay between reconnection attempts (ms). Default 1000. */
  reconnectPeriodMs?: number;
  /** How long `start()` waits for the first connection before failing (ms). Default 30 000. */
  startTimeoutMs?: number;
  /** At most one log line per this many ms for malformed payloads. Default 10 000. */
  malformedLogIntervalMs?: number;
}

/** Counters since construction (for /metrics and tests). */
export interface UplinkIntakeStats {
  /** Publishes received (including redeliveries). */
  received: number;
  /** Handled and acknowledged. */
  handled: number;
  /** Not JSON or not an UplinkMessage: acknowledged and dropped. */
  malformed: number;
  /** The handler failed for good: acknowledged and dropped. */
  failed: number;
  /** The handler failed retryably: left unacknowledged for redelivery. */
  deferred: number;
}

export const DEFAULT_RECONNECT_PERIOD_MS = 1000;
export const DEFAULT_START_TIMEOUT_MS = 30_000;

export function defaultIntakeClientId(): string {
  return `campus-alert-service-${hostname()}`;
}
