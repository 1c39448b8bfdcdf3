import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { UplinkStatus } from '../uplink/mqtt-uplink';
import { MALFORMED_REASONS } from '@campus/device-protocols';

/** Why a connection, publish or subscription was refused: the `reason` of `campus_messages_refused_total`. */
export const REFUSAL_REASONS = [
  'unknown_device',
  'bad_secret',
  'no_direct_login',
  'server_busy',
  'not_own_topic',
  'outside_base_topic',
  'reserved_topic',
  'wrong_school',
  // GATEWAY_SCHOOLS: a device of a school this gateway does not serve
  'school_not_served',
  'subscribe_denied',
  // MQTT connection hardening (docs/protocol.md, "Client ids" and "Connection limits")
  'client_id_taken',
  'client_id_reserved',
  'locked_out',
  'too_many_connections',
  'too_many_connections_per_ip',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** Why the broker closed a connection on its own (`campus_mqtt_disconnects_total{reason}`). */
export const MQTT_DISCONNECT_REASONS = [
  'packet_too_large',
  'malformed_length',
  'connect_timeout',
  'keepalive_timeout',
  'drain_timeout',
  'output_buffer_full',
] as const;
export type MqttDisconnectReason = (typeof MQTT_DISCONNECT_REASONS)[number];

/**
 * The gateway's Prometheus metrics (docs/operations.md, Metrics). One registry per gateway, so that several
 * gateways in one process (tests, the all-in-one platform) never share counters.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly received = new Counter({
    name: 'campus_messages_received_total',
    help: 'MQTT PUBLISH packets received from devices and bridges',
    registers: [this.registry],
  });
  readonly decoded = new Counter({
    name: 'campus_messages_decoded_total',
    help: 'Canonical messages (reading, event, availability) decoded, by protocol and kind',
    labelNames: ['protocol', 'kind'],
    registers: [this.registry],
  });
  readonly malformed = new Counter({
    name: 'campus_messages_malformed_total',
    help: 'Payloads dropped as malformed, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly refused = new Counter({
    name: 'campus_messages_refused_total',
    help: 'Connections, publishes and subscriptions refused, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly ignored = new Counter({
    name: 'campus_messages_ignored_total',
    help: 'Well-formed messages that carry nothing to store (vendor chatter, undeclared bridged devices)',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly pointsWritten = new Counter({
    name: 'campus_points_written_total',
    help: 'Points written to the time-series sink',
    labelNames: ['sink'],
    registers: [this.registry],
  });
  readonly writeFailures = new Counter({
    name: 'campus_sink_write_failures_total',
    help: 'Failed batch writes to the time-series sink (the batch went to the outbox)',
    labelNames: ['sink'],
    registers: [this.registry],
  });
  readonly writeLatency = new Histogram({
    name: 'campus_sink_write_duration_seconds',
    help: 'Time to write one batch to the time-series sink',
    labelNames: ['sink'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly outboxDepth = new Gauge({
    name: 'campus_outbox_depth',
    help: 'Points waiting in the durable outbox for the sink to come back',
    registers: [this.registry],
  });
  readonly outboxBytes = new Gauge({
    name: 'campus_outbox_bytes',
    help: 'Bytes of the durable outbox journal on disk',
    registers: [this.registry],
  });
  readonly outboxFull = new Gauge({
    name: 'campus_outbox_full',
    help: '1 while the outbox is at its size bound and devices are held back (QoS 1 not acknowledged)',
    registers: [this.registry],
  });
  readonly uplinkPublished = new Counter({
    name: 'campus_uplink_published_total',
    help: 'Canonical messages forwarded to the alert service on platform/v1/uplink',
    registers: [this.registry],
  });
  readonly shed = new Counter({
    name: 'campus_messages_shed_total',
    help: 'QoS 0 telemetry readings dropped because the gateway was at its in-flight bound (overload)',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  /** The store-and-forward uplink (UPLINK_URL), read at scrape time (see `watchUplink`). */
  private uplink: { status(): UplinkStatus } | undefined;
  readonly uplinkBacklog: Gauge = new Gauge({
    name: 'campus_uplink_backlog',
    help: 'Messages journalled for the central broker and not yet acknowledged by it, by lane (alarm, telemetry)',
    labelNames: ['lane'],
    registers: [this.registry],
    collect: (): void => {
      const status = this.uplink?.status();
      this.uplinkBacklog.set({ lane: 'alarm' }, status?.backlog.alarm ?? 0);
      this.uplinkBacklog.set({ lane: 'telemetry' }, status?.backlog.telemetry ?? 0);
    },
  });
  readonly uplinkConnected: Gauge = new Gauge({
    name: 'campus_uplink_connected',
    help: '1 while the gateway is connected to the central broker (UPLINK_URL)',
    registers: [this.registry],
    collect: (): void => this.uplinkConnected.set(this.uplink?.status().connected ? 1 : 0),
  });
  readonly uplinkDropped: Gauge = new Gauge({
    name: 'campus_uplink_dropped_telemetry',
    help: 'Telemetry readings dropped from the uplink journal at UPLINK_MAX_BYTES since start (never alarms; the local store keeps them)',
    registers: [this.registry],
    collect: (): void => this.uplinkDropped.set(this.uplink?.status().droppedTelemetry ?? 0),
  });
  /** Read at scrape time (see `watchGate`), so the hot path never touches a gauge. */
  private gate: { readonly active: number; readonly waiting: number } | undefined;
  readonly telemetryInFlight: Gauge = new Gauge({
    name: 'campus_telemetry_in_flight',
    help: 'Telemetry publishes being stored and forwarded now (bounded; alarms are not counted)',
    registers: [this.registry],
    collect: (): void => this.telemetryInFlight.set(this.gate?.active ?? 0),
  });
  readonly telemetryWaiting: Gauge = new Gauge({
    name: 'campus_telemetry_waiting',
    help: 'Telemetry publishes held unacknowledged at the in-flight bound (back-pressure on their connections)',
    registers: [this.registry],
    collect: (): void => this.telemetryWaiting.set(this.gate?.waiting ?? 0),
  });
  readonly clientsConnected = new Gauge({
    name: 'campus_mqtt_clients_connected',
    help: 'MQTT clients connected to the embedded broker',
    registers: [this.registry],
  });

  readonly mqttDisconnects = new Counter({
    name: 'campus_mqtt_disconnects_total',
    help:
      'MQTT connections the broker closed to protect itself, by reason: packet_too_large, malformed_length, ' +
      'connect_timeout, keepalive_timeout, drain_timeout, output_buffer_full',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly credentialChecks = new Counter({
    name: 'campus_mqtt_credential_checks_total',
    help: 'MQTT CONNECT secrets actually checked (refusals by the lockout are not checked: see campus_messages_refused_total{reason="locked_out"})',
    registers: [this.registry],
  });
  readonly lockouts = new Counter({
    name: 'campus_mqtt_lockouts_total',
    help: 'Lockouts started after repeated failed MQTT CONNECTs, by scope: account, source (address), known_pair',
    labelNames: ['scope'],
    registers: [this.registry],
  });

  watchUplink(uplink: { status(): UplinkStatus }): void {
    this.uplink = uplink;
  }

  watchGate(gate: { readonly active: number; readonly waiting: number }): void {
    this.gate = gate;
  }

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Zero-valued series exist from the start, so dashboards and alerts can use rate() at once.
    for (const reason of MALFORMED_REASONS) this.malformed.inc({ reason }, 0);
    for (const reason of REFUSAL_REASONS) this.refused.inc({ reason }, 0);
    this.shed.inc({ reason: 'overload' }, 0);
    for (const reason of MQTT_DISCONNECT_REASONS) this.mqttDisconnects.inc({ reason }, 0);
    for (const scope of ['account', 'source', 'known_pair']) this.lockouts.inc({ scope }, 0);
  }
}
