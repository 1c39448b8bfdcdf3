import type { Device, DeviceKind, School, Sites } from '@campus/device-protocols';
import { FrigateNvrSimulator, type FrigateCamera } from '../devices/frigate-nvr';
import { NativeDeviceSimulator } from '../devices/native-device';
import type { SimulatorRuntime, TelemetrySource } from '../devices/simulator-runtime';
import { Zigbee2MqttBridgeSimulator, type ZigbeeChildDevice } from '../devices/zigbee2mqtt-bridge';
import { Gb26875PanelSimulator, type Gb26875Endpoint } from '../gb26875/gb26875-panel';
import type { FleetPlan } from './plan-fleet';

interface Connectable {
  readonly id: string;
  readonly isOnline: boolean;
  connect(): Promise<void>;
  close(): Promise<void>;
}

/** The live simulated devices, with the look-ups scenarios use to pick their actors. */
export class Fleet {
  readonly natives: NativeDeviceSimulator[];
  readonly zigbeeBridges: Zigbee2MqttBridgeSimulator[];
  readonly frigateNvrs: FrigateNvrSimulator[];
  readonly gb26875Panels: Gb26875PanelSimulator[];

  constructor(
    readonly sites: Sites,
    plan: FleetPlan,
    runtime: SimulatorRuntime,
    gb26875?: Gb26875Endpoint,
  ) {
    this.natives = plan.natives.map(
      ({ device, password }) => new NativeDeviceSimulator(device, password, runtime),
    );
    this.zigbeeBridges = plan.zigbeeBridges.map(
      (b) => new Zigbee2MqttBridgeSimulator(b.device, b.baseTopic, b.children, b.password, runtime),
    );
    this.frigateNvrs = plan.frigateNvrs.map(
      (b) => new FrigateNvrSimulator(b.device, b.baseTopic, b.children, b.password, runtime),
    );
    this.gb26875Panels = gb26875
      ? plan.gb26875Panels.map((d) => new Gb26875PanelSimulator(d, gb26875, runtime, sites.province.timezone))
      : [];
  }

  /** Every connection: one per native device, one per bridge (MQTT), one per GB/T 26875.3 panel (TCP). */
  get connections(): Connectable[] {
    return [...this.natives, ...this.zigbeeBridges, ...this.frigateNvrs, ...this.gb26875Panels];
  }

  telemetrySources(): TelemetrySource[] {
    return [...this.natives, ...this.zigbeeBridges.flatMap((bridge) => bridge.children)];
  }

  school(code: string): School | undefined {
    return this.sites.schoolByCode.get(code);
  }

  get timezone(): string {
    return this.sites.province.timezone;
  }

  /** Online native devices of these kinds (all kinds when absent), in `school` when given. */
  onlineNatives(kinds?: readonly DeviceKind[], school?: string): NativeDeviceSimulator[] {
    return this.natives.filter((n) => n.isOnline && matches(n.device, kinds, school));
  }

  onlineZigbeeChildren(kinds?: readonly DeviceKind[], school?: string): ZigbeeChildDevice[] {
    return this.zigbeeBridges
      .flatMap((bridge) => bridge.children)
      .filter((c) => c.isOnline && matches(c.device, kinds, school));
  }

  onlinePanels(school?: string): Gb26875PanelSimulator[] {
    return this.gb26875Panels.filter((p) => p.isOnline && inSchool(p.device, school));
  }

  onlineCameras(school?: string): FrigateCamera[] {
    return this.frigateNvrs
      .filter((nvr) => nvr.isOnline)
      .flatMap((nvr) => nvr.cameras)
      .filter((camera) => inSchool(camera.device, school));
  }
}

function matches(device: Device, kinds: readonly DeviceKind[] | undefined, school?: string): boolean {
  return (kinds === undefined || kinds.includes(device.kind)) && inSchool(device, school);
}

function inSchool(device: Device, school: string | undefined): boolean {
  return school === undefined || device.org.school === school;
}
