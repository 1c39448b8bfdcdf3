import { ConnectedSimulator } from './connected-simulator';
import type { Device } from '@campus/device-protocols';
import { DeviceMetrics, zigbeeMetricsFor } from '../metrics/device-metrics';
import { DeviceConnection } from '../mqtt/device-connection';
import {
  composeZigbeeState,
  idleZigbeeFlags,
  zigbeeAvailabilityPayload,
  zigbeeAvailabilityTopic,
  zigbeeBridgeStatePayload,
  zigbeeBridgeStateTopic,
  zigbeeStatePayload,
  zigbeeStateTopic,
  type ZigbeeState,
} from '../payloads/zigbee2mqtt-payloads';
import type { SimulatorRuntime, TelemetrySource } from './simulator-runtime';

/** A Zigbee2MQTT bridge: one MQTT connection publishing for all its Zigbee devices. */
export class Zigbee2MqttBridgeSimulator extends ConnectedSimulator {
  readonly children: ZigbeeChildDevice[];
  protected readonly connection: DeviceConnection;

  constructor(
    override readonly device: Device,
    readonly baseTopic: string,
    childDevices: Device[],
    password: string,
    runtime: SimulatorRuntime,
  ) {
    super();
    this.children = childDevices.map((child) => new ZigbeeChildDevice(child, this, runtime));
    this.connection = new DeviceConnection({
      url: runtime.url,
      deviceId: device.id,
      password,
      will: {
        topic: zigbeeBridgeStateTopic(baseTopic),
        payload: zigbeeBridgeStatePayload(false),
        qos: 1,
        retain: true,
      },
      onOnline: () => this.announce(),
      // Zigbee2MQTT answers a `…/set` with the device's state (docs/protocol.md, "Commands to devices");
      // one filter per child: friendly names may hold `/`, and `#` would echo every state back.
      subscriptions: {
        filter: childDevices.map((child) => `${baseTopic}/${child.via?.name ?? child.id}/set`),
        onMessage: (topic: string) => this.onSet(topic),
      },
      onRefused: (reason) => runtime.onRefused(device.id, reason),
      stats: runtime.stats,
      logger: runtime.logger,
    });
  }

  publish(topic: string, payload: string, retain: boolean, channel: string): boolean {
    return this.connection.publish(topic, payload, { qos: retain ? 1 : 0, retain }, channel);
  }

  private onSet(topic: string): void {
    const name = topic.slice(this.baseTopic.length + 1, -'/set'.length);
    this.children.find((c) => c.friendlyName === name)?.reportTelemetry();
  }

  private announce(): void {
    this.publish(
      zigbeeBridgeStateTopic(this.baseTopic),
      zigbeeBridgeStatePayload(true),
      true,
      'z2m/bridge_state',
    );
    for (const child of this.children) child.publishAvailability();
  }
}

/** A device behind a Zigbee2MQTT bridge: it has a friendly_name, a cached state and an availability. */
export class ZigbeeChildDevice implements TelemetrySource {
  readonly metrics: DeviceMetrics;
  readonly friendlyName: string;
  private flags: Record<string, boolean>;
  private available = true;

  constructor(
    readonly device: Device,
    private readonly bridge: Zigbee2MqttBridgeSimulator,
    runtime: SimulatorRuntime,
  ) {
    this.friendlyName = device.via?.name ?? device.id;
    this.metrics = zigbeeMetricsFor(device.kind, runtime.rng);
    this.flags = idleZigbeeFlags(device.kind);
  }

  get id(): string {
    return this.device.id;
  }

  get school(): string {
    return this.device.org.school;
  }

  get bridgeId(): string {
    return this.bridge.id;
  }

  get isOnline(): boolean {
    return this.bridge.isOnline && this.available;
  }

  get canReport(): boolean {
    return this.isOnline;
  }

  /** What Z2M has cached for this device now. */
  cachedState(): ZigbeeState {
    return composeZigbeeState(this.device.kind, this.metrics.peek(), this.flags);
  }

  /** A periodic report: fresh readings merged into the whole cached state. */
  reportTelemetry(): void {
    this.metrics.sample();
    this.publishState();
  }

  /** Changes boolean exposes (e.g. `{smoke: true}`, `{contact: false}` = opened) and publishes the state. */
  setFlags(change: Record<string, boolean>): boolean {
    this.flags = { ...this.flags, ...change };
    return this.publishState();
  }

  /** An `action` (e.g. `emergency`): published with the state once, never cached. */
  sendAction(action: string): boolean {
    return this.publishState({ action });
  }

  setAvailable(available: boolean): boolean {
    this.available = available;
    return this.publishAvailability();
  }

  publishAvailability(): boolean {
    const topic = zigbeeAvailabilityTopic(this.bridge.baseTopic, this.friendlyName);
    return this.bridge.publish(topic, zigbeeAvailabilityPayload(this.available), true, 'z2m/availability');
  }

  private publishState(transient: ZigbeeState = {}): boolean {
    if (!this.available) return false;
    const topic = zigbeeStateTopic(this.bridge.baseTopic, this.friendlyName);
    return this.bridge.publish(topic, zigbeeStatePayload(this.cachedState(), transient), false, 'z2m/state');
  }
}
