import { between, gaussian, roundTo, type Rng } from '../util/random';

/** One metric of one device: each `next()` is the value of the following reading. */
export interface MetricGenerator {
  next(): number;
  current(): number;
  /** Jump to a value (a scenario forcing it); normal behaviour resumes from there. */
  set(value: number): void;
}

export interface RandomWalkSpec {
  base: number;
  /** Standard deviation of each step. */
  noise: number;
  /** Pull back towards `base` per step, 0–1: keeps the walk in its band and lets a forced value decay. */
  reversion: number;
  min: number;
  max: number;
  decimals: number;
}

/** A mean-reverting random walk: temperature, humidity, gas ppm, link quality. */
export class RandomWalk implements MetricGenerator {
  private value: number;

  constructor(
    private readonly spec: RandomWalkSpec,
    private readonly rng: Rng,
  ) {
    this.value = spec.base + gaussian(rng) * spec.noise;
  }

  next(): number {
    const { base, noise, reversion, min, max } = this.spec;
    const drifted = this.value + reversion * (base - this.value) + gaussian(this.rng) * noise;
    // Only clamp into the band from inside it, so a forced (e.g. fire) value decays instead of snapping back.
    this.value = this.value >= min && this.value <= max ? Math.min(max, Math.max(min, drifted)) : drifted;
    return this.current();
  }

  current(): number {
    return roundTo(this.value, this.spec.decimals);
  }

  set(value: number): void {
    this.value = value;
  }
}

/** Battery percentage that slowly drains and never goes below a floor. */
export class DrainingBattery implements MetricGenerator {
  private level: number;

  constructor(
    private readonly rng: Rng,
    start = between(rng, 70, 100),
    private readonly drainPerReading = between(rng, 0.002, 0.02),
  ) {
    this.level = start;
  }

  next(): number {
    this.level = Math.max(5, this.level - this.drainPerReading * between(this.rng, 0.5, 1.5));
    return this.current();
  }

  current(): number {
    return Math.round(this.level);
  }

  set(value: number): void {
    this.level = value;
  }
}

/** A steady state carried as a number (e.g. contact 1 = closed). */
export class SteadyValue implements MetricGenerator {
  constructor(private value: number) {}
  next(): number {
    return this.value;
  }
  current(): number {
    return this.value;
  }
  set(value: number): void {
    this.value = value;
  }
}
