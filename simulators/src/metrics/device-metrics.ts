import type { DeviceKind } from '@campus/device-protocols';
import { between, type Rng } from '../util/random';
import { DrainingBattery, RandomWalk, SteadyValue, type MetricGenerator } from './metric-generators';

/** The metrics one device reports, each with its own generator. */
export class DeviceMetrics {
  /** Values a scenario holds fixed (e.g. a fire's temperature) whatever the generator says. */
  private readonly pinned = new Map<string, number>();

  constructor(private readonly generators: ReadonlyMap<string, MetricGenerator>) {}

  get names(): string[] {
    return [...this.generators.keys()];
  }

  get isEmpty(): boolean {
    return this.generators.size === 0;
  }

  has(name: string): boolean {
    return this.generators.has(name);
  }

  /** The next reading of every metric. */
  sample(): Record<string, number> {
    const reading: Record<string, number> = {};
    for (const [name, generator] of this.generators)
      reading[name] = this.pinned.get(name) ?? generator.next();
    return reading;
  }

  /** The last values, without advancing (for a state message carrying everything). */
  peek(): Record<string, number> {
    const reading: Record<string, number> = {};
    for (const [name, generator] of this.generators)
      reading[name] = this.pinned.get(name) ?? generator.current();
    return reading;
  }

  current(name: string): number | undefined {
    return this.pinned.get(name) ?? this.generators.get(name)?.current();
  }

  /** Holds `name` at `value` until `release`; ignored for metrics this device does not have. */
  pin(name: string, value: number): void {
    if (this.generators.has(name)) this.pinned.set(name, value);
  }

  /** Lets a pinned metric evolve again, starting from where it was held. */
  release(name: string): void {
    const value = this.pinned.get(name);
    if (value === undefined) return;
    this.pinned.delete(name);
    this.generators.get(name)?.set(value);
  }
}

type MetricFactory = (rng: Rng) => MetricGenerator;

const roomTemperature: MetricFactory = (rng) =>
  new RandomWalk(
    { base: between(rng, 20, 24), noise: 0.15, reversion: 0.05, min: 18, max: 26, decimals: 1 },
    rng,
  );
const humidity: MetricFactory = (rng) =>
  new RandomWalk(
    { base: between(rng, 40, 60), noise: 0.6, reversion: 0.05, min: 30, max: 75, decimals: 1 },
    rng,
  );
const battery: MetricFactory = (rng) => new DrainingBattery(rng);
const gasPpm: MetricFactory = (rng) =>
  new RandomWalk({ base: between(rng, 2, 8), noise: 0.8, reversion: 0.1, min: 0, max: 25, decimals: 1 }, rng);
const smokeObscuration: MetricFactory = (rng) =>
  new RandomWalk({ base: 0.02, noise: 0.005, reversion: 0.2, min: 0, max: 0.08, decimals: 3 }, rng);
const cameraFps: MetricFactory = (rng) =>
  new RandomWalk({ base: 25, noise: 0.3, reversion: 0.3, min: 20, max: 25, decimals: 1 }, rng);
const closed: MetricFactory = () => new SteadyValue(1);
const dry: MetricFactory = () => new SteadyValue(0);

/** Native (campus/v1) telemetry per kind. Bridges and GB/T 26875 panels report no native telemetry. */
const NATIVE_METRICS: Partial<Record<DeviceKind, Record<string, MetricFactory>>> = {
  temperature_sensor: { temperature: roomTemperature, humidity, battery },
  heat_detector: { temperature: roomTemperature, battery },
  smoke_detector: { smoke_obscuration: smokeObscuration, battery },
  gas_detector: { gas_ppm: gasPpm },
  water_leak: { water_leak: dry, battery },
  door_contact: { contact: closed, battery },
  access_control: { contact: closed },
  one_key_alarm: { battery },
  patrol_checkpoint: { battery },
  camera: { fps: cameraFps },
};

export function nativeMetricsFor(kind: DeviceKind, rng: Rng): DeviceMetrics {
  return buildMetrics(NATIVE_METRICS[kind] ?? {}, rng);
}

const linkQuality: MetricFactory = (rng) =>
  new RandomWalk(
    { base: between(rng, 70, 200), noise: 6, reversion: 0.2, min: 5, max: 255, decimals: 0 },
    rng,
  );

/** The numeric part of a Zigbee2MQTT device's state (the boolean part lives in its state cache). */
const ZIGBEE_METRICS: Partial<Record<DeviceKind, Record<string, MetricFactory>>> = {
  temperature_sensor: { battery, humidity, linkquality: linkQuality, temperature: roomTemperature },
  heat_detector: { battery, linkquality: linkQuality, temperature: roomTemperature },
  gas_detector: { linkquality: linkQuality },
};
const ZIGBEE_DEFAULT_METRICS: Record<string, MetricFactory> = { battery, linkquality: linkQuality };

export function zigbeeMetricsFor(kind: DeviceKind, rng: Rng): DeviceMetrics {
  return buildMetrics(ZIGBEE_METRICS[kind] ?? ZIGBEE_DEFAULT_METRICS, rng);
}

function buildMetrics(factories: Record<string, MetricFactory>, rng: Rng): DeviceMetrics {
  return new DeviceMetrics(new Map(Object.entries(factories).map(([name, make]) => [name, make(rng)])));
}
