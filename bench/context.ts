import type { PairTiming } from './measure';

/** One row of the table and of `bench/results.json`. */
export interface BenchResult {
  name: string;
  unit: string;
  baseline: number;
  value: number;
  /** Baseline ops/s ÷ subject ops/s: how many times the baseline's cost per op (unless `ratioReads` says otherwise). */
  ratio: number;
  /**
   * How `ratio` reads. `cost` (the default): baseline ops/s ÷ subject ops/s, or subject latency ÷
   * baseline latency, lower is better. `share`: subject ops/s ÷ baseline ops/s, the fraction of the
   * baseline's throughput the subject reaches, higher is better.
   */
  ratioReads?: 'cost' | 'share';
}

/** What one benchmark measured for a later one in the same run. */
export interface SharedFacts {
  /** The all-in-one platform's stored msgs/s with the embedded store (platform-ingest). */
  platformStoredRate?: number;
}

export interface BenchOptions {
  quick: boolean;
  /** Diagnostics and skips, printed under the table and kept in results.json. */
  note(text: string): void;
  /** A step that failed (a crash, a timeout, lost data): reported apart from the notes, and the run exits 1. */
  failure(text: string): void;
  /** `--alarm-rate`: the 100% background rate for alarm-latency, instead of a measured one. */
  alarmRate?: number;
  shared: SharedFacts;
}

export interface Benchmark {
  /** What `--only` selects. */
  name: string;
  run(options: BenchOptions): Promise<BenchResult[]>;
}

export function resultOf(name: string, unit: string, timing: PairTiming): BenchResult {
  return {
    name,
    unit,
    baseline: timing.baseline.opsPerSec,
    value: timing.subject.opsPerSec,
    ratio: timing.ratio,
  };
}

/** Teardown in reverse order of setup, each step attempted even when one fails. */
export class Cleanups {
  private readonly steps: (() => Promise<unknown>)[] = [];

  add(step: () => Promise<unknown>): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      await step().catch((err: unknown) => console.error('bench cleanup failed:', err));
    }
  }
}
