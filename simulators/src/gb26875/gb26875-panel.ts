import type { Device } from '@campus/device-protocols';
import type { SimulatorRuntime } from '../devices/simulator-runtime';
import { componentStateAdu, localLabel, transmitterStateAdu, type ComponentState } from './panel-frames';
import { TransmitterLink } from './transmitter-link';

export interface Gb26875Endpoint {
  host: string;
  port: number;
}

/** 点型光电感烟火灾探测器, 正常运行 + 火警. */
const SMOKE_ALARM: Omit<ComponentState, 'zone' | 'position' | 'text'> = { componentType: 42, state: 0x0003 };

/**
 * A fire-alarm panel (`kind: fire_alarm_panel, protocol: gb26875`) behind its user information
 * transmitter: one TCP connection to the gateway's GB26875_PORT, heartbeats, and the uploads the
 * scenarios ask for.
 */
export class Gb26875PanelSimulator {
  private readonly link: TransmitterLink;

  constructor(
    readonly device: Device,
    endpoint: Gb26875Endpoint,
    private readonly runtime: SimulatorRuntime,
    private readonly timeZone: string,
  ) {
    if (device.address === undefined) throw new Error(`gb26875 panel ${device.id} has no address`);
    this.link = new TransmitterLink({
      ...endpoint,
      address: device.address,
      deviceId: device.id,
      timeZone,
      logger: runtime.logger,
      stats: runtime.stats,
      now: runtime.now,
    });
  }

  get id(): string {
    return this.device.id;
  }

  get school(): string {
    return this.device.org.school;
  }

  get isOnline(): boolean {
    return this.link.isOnline;
  }

  connect(): Promise<void> {
    return this.link.open();
  }

  close(): Promise<void> {
    return this.link.close();
  }

  /** A smoke detector on loop `zone`, address `position` goes into alarm (火警). */
  raiseSmokeAlarm(zone: number, position: number, text = 'smoke detector'): Promise<boolean> {
    const at = localLabel(this.runtime.now(), this.timeZone);
    return this.link.upload(componentStateAdu({ ...SMOKE_ALARM, zone, position, text }, at), 'gb26875/state');
  }

  /** The transmitter reports its main power failing (主电故障). */
  reportMainPowerFault(): Promise<boolean> {
    const at = localLabel(this.runtime.now(), this.timeZone);
    return this.link.upload(transmitterStateAdu(0x09, at), 'gb26875/state');
  }
}
