/**
 * Timing for the benchmarks: warm-up runs, then repetitions that alternate baseline and subject
 * (so drift on a noisy machine hits both alike), the median duration of each, and ops/s from it.
 */

/** `warmup` runs may do less work than measured ones (e.g. fewer MQTT messages). */
export type Phase = 'warmup' | 'measure';
export type Run = (phase: Phase) => void | Promise<void>;

export interface PairOptions {
  /** Work done by one measured run of either side (messages, points, decodes). */
  ops: number;
  warmup: number;
  reps: number;
}

export interface Timing {
  opsPerSec: number;
  medianMs: number;
  samplesMs: number[];
}

export interface PairTiming {
  baseline: Timing;
  subject: Timing;
  /** Baseline ops/s ÷ subject ops/s: the subject's cost per op in units of the baseline's. */
  ratio: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function timeMs(run: () => void | Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function timing(ops: number, samplesMs: number[]): Timing {
  const medianMs = median(samplesMs);
  return { opsPerSec: ops / (medianMs / 1000), medianMs, samplesMs };
}

export async function measurePair(baseline: Run, subject: Run, options: PairOptions): Promise<PairTiming> {
  for (let i = 0; i < options.warmup; i++) {
    await baseline('warmup');
    await subject('warmup');
  }
  const base: number[] = [];
  const subj: number[] = [];
  for (let i = 0; i < options.reps; i++) {
    base.push(await timeMs(() => baseline('measure')));
    subj.push(await timeMs(() => subject('measure')));
  }
  const b = timing(options.ops, base);
  const s = timing(options.ops, subj);
  return { baseline: b, subject: s, ratio: b.opsPerSec / s.opsPerSec };
}

/** How many calls of a synchronous `fn` take about `targetMs` (for CPU-bound loops). */
export function calibrate(fn: () => void, targetMs: number): number {
  let n = 100;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < n; i++) fn();
    const ms = performance.now() - start;
    if (ms >= targetMs / 4 || n >= 10_000_000)
      return Math.max(100, Math.round((n * targetMs) / Math.max(ms, 0.01)));
    n *= 4;
  }
}

/** Nearest-rank percentile (`p` in 0…100): with n samples, p99 is the largest once n ≤ 100. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
