import type { PairTiming } from './measure';

/** One row of the table and of `bench/results.json`. */
export interface BenchResult {
  name: string;
  unit: string;
  baseline: number;
  value: number;
  /** Baseline ops/s ÷ subject ops/s: how many times the baseline's cost per op. */
  ratio: number;
}

export interface BenchOptions {
  quick: boolean;
  /** Diagnostics and skips, printed under the table and kept in results.json. */
  note(text: string): void;
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
