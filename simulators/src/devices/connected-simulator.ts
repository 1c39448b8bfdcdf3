import type { Device } from '@campus/device-protocols';
import type { DeviceConnection } from '../mqtt/device-connection';

/** What every simulator that owns one MQTT connection (a native device, a bridge) exposes. */
export abstract class ConnectedSimulator {
  protected abstract readonly connection: DeviceConnection;
  abstract readonly device: Device;

  get id(): string {
    return this.device.id;
  }

  get school(): string {
    return this.device.org.school;
  }

  get isOnline(): boolean {
    return this.connection.isOnline;
  }

  connect(): Promise<void> {
    return this.connection.open();
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
