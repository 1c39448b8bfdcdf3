import { ConnectedSimulator } from './connected-simulator';
import { COMMANDS_BY_KIND, nativeTopic, type Device } from '@campus/device-protocols';
import { DeviceMetrics, nativeMetricsFor } from '../metrics/device-metrics';
import { DeviceConnection } from '../mqtt/device-connection';
import { eventPayload, statusPayload, telemetryPayload } from '../payloads/native-payloads';
import type { SimulatorRuntime, TelemetrySource } from './simulator-runtime';

/** A device speaking the native protocol on its own connection (`campus/v1/{school}/{device}/…`). */
export class NativeDeviceSimulator extends ConnectedSimulator implements TelemetrySource {
  readonly metrics: DeviceMetrics;
  protected readonly connection: DeviceConnection;

  constructor(
    override readonly device: Device,
    password: string,
    private readonly runtime: SimulatorRuntime,
  ) {
    super();
    this.metrics = nativeMetricsFor(device.kind, runtime.rng);
    this.connection = new DeviceConnection({
      url: runtime.url,
      deviceId: device.id,
      password,
      will: { topic: this.topic('status'), payload: statusPayload(false), qos: 1, retain: true },
      onOnline: () =>
        this.connection.publish(
          this.topic('status'),
          statusPayload(true),
          { qos: 1, retain: true },
          'status',
        ),
      // An actuator (siren, lock …) answers every command it is sent (docs/protocol.md, "Commands to devices").
      ...(COMMANDS_BY_KIND[device.kind] === undefined
        ? {}
        : {
            subscriptions: {
              filter: nativeTopic(device.org.school, device.id, 'command'),
              onMessage: (_topic: string, payload: Buffer) => this.answerCommand(payload),
            },
          }),
      onRefused: (reason) => runtime.onRefused(device.id, reason),
      stats: runtime.stats,
      logger: runtime.logger,
    });
  }

  get connectionState(): DeviceConnection['state'] {
    return this.connection.state;
  }

  get canReport(): boolean {
    return this.isOnline && !this.metrics.isEmpty;
  }

  reportTelemetry(): void {
    this.connection.publish(
      this.topic('telemetry'),
      telemetryPayload(this.runtime.now(), this.metrics.sample()),
      { qos: 0 },
      'telemetry',
    );
  }

  publishEvent(type: string, data: Record<string, unknown> = {}): boolean {
    return this.connection.publish(
      this.topic('event'),
      eventPayload(this.runtime.now(), type, data),
      { qos: 1 },
      'event',
    );
  }

  /** Power cut / network loss: no DISCONNECT, so the broker publishes `{"online": false}`. */
  dropUngracefully(): void {
    this.connection.dropUngracefully();
  }

  reconnect(): Promise<void> {
    return this.connection.open();
  }

  private answerCommand(payload: Buffer): void {
    let id: unknown;
    try {
      id = (JSON.parse(payload.toString('utf8')) as { id?: unknown }).id;
    } catch {
      return;
    }
    if (typeof id !== 'string') return;
    this.connection.publish(
      nativeTopic(this.device.org.school, this.device.id, 'command/ack'),
      JSON.stringify({ id, ok: true }),
      { qos: 1 },
      'command/ack',
    );
  }

  private topic(channel: 'telemetry' | 'event' | 'status'): string {
    return nativeTopic(this.device.org.school, this.device.id, channel);
  }
}
