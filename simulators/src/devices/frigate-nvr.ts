import { ConnectedSimulator } from './connected-simulator';
import type { Device } from '@campus/device-protocols';
import { DeviceConnection } from '../mqtt/device-connection';
import {
  encodeFrigateEvent,
  FrigateObjectTrack,
  frigateAvailableTopic,
  frigateEventsTopic,
  frigateTime,
  type FrigateEventMessage,
} from '../payloads/frigate-payloads';
import type { SimulatorRuntime } from './simulator-runtime';

export interface FrigateCamera {
  device: Device;
  /** The camera's name in Frigate's config (the `via` name). */
  name: string;
  nvr: FrigateNvrSimulator;
}

export interface TrackedObjectPlan {
  camera: FrigateCamera;
  label: string;
  zones: string[];
  /** How many `update`s between `new` and `end`. */
  updates: number;
  /** Scenario time between two messages. */
  gapMs: number;
}

/** Waits scenario time (scaled, abortable); supplied by the scenario context. */
export type Pause = (ms: number) => Promise<void>;

/** A Frigate NVR: one MQTT connection publishing `{base}/available` and `{base}/events` for its cameras. */
export class FrigateNvrSimulator extends ConnectedSimulator {
  readonly cameras: FrigateCamera[];
  protected readonly connection: DeviceConnection;

  constructor(
    override readonly device: Device,
    readonly baseTopic: string,
    cameraDevices: Device[],
    password: string,
    private readonly runtime: SimulatorRuntime,
  ) {
    super();
    this.cameras = cameraDevices.map((camera) => ({
      device: camera,
      name: camera.via?.name ?? camera.id,
      nvr: this,
    }));
    this.connection = new DeviceConnection({
      url: runtime.url,
      deviceId: device.id,
      password,
      will: { topic: frigateAvailableTopic(baseTopic), payload: 'offline', qos: 1, retain: true },
      onOnline: () =>
        this.connection.publish(
          frigateAvailableTopic(baseTopic),
          'online',
          { qos: 1, retain: true },
          'frigate/available',
        ),
      onRefused: (reason) => runtime.onRefused(device.id, reason),
      stats: runtime.stats,
      logger: runtime.logger,
    });
  }

  publishEvent(message: FrigateEventMessage): boolean {
    return this.connection.publish(
      frigateEventsTopic(this.baseTopic),
      encodeFrigateEvent(message),
      { qos: 0 },
      'frigate/events',
    );
  }

  /** One object's whole life on a camera: `new`, `updates` × `update`, `end`. Returns the event id. */
  async trackObject(plan: TrackedObjectPlan, pause: Pause): Promise<string> {
    const { rng, now } = this.runtime;
    const track = new FrigateObjectTrack({
      camera: plan.camera.name,
      label: plan.label,
      zones: plan.zones,
      startTime: frigateTime(now() - 800, rng),
      rng,
    });
    this.publishEvent(track.begin(frigateTime(now(), rng)));
    for (let i = 0; i < plan.updates; i++) {
      await pause(plan.gapMs);
      this.publishEvent(track.update(frigateTime(now(), rng)));
    }
    await pause(plan.gapMs);
    this.publishEvent(track.end(frigateTime(now(), rng)));
    return track.id;
  }
}
