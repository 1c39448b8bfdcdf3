import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import type { BenchResult } from './context';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const small = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 1 });

/** Throughputs as integers; latencies in ms keep their decimals below 100. */
const amount = (x: number): string => (Math.abs(x) >= 100 ? integer.format(x) : small.format(x));

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

/**
 * The table: name, baseline, subject, ratio. A ratio reads as a cost (baseline ÷ subject ops/s, or
 * subject ÷ baseline latency: lower is better) unless the row says `share` (subject ÷ baseline
 * ops/s: higher is better); when any row is a share, a column says which way each ratio reads.
 */
export function formatTable(results: readonly BenchResult[]): string {
  const mixed = results.some((r) => r.ratioReads === 'share');
  const header = ['benchmark', 'unit', 'baseline', 'subject', 'ratio', ...(mixed ? ['better'] : [])];
  const body = results.map((r) => [
    r.name,
    r.unit,
    amount(r.baseline),
    amount(r.value),
    r.ratioReads === 'share' ? r.ratio.toFixed(3) : `${r.ratio.toFixed(2)}x`,
    ...(mixed ? [r.ratioReads === 'share' ? 'higher' : 'lower'] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const legend = mixed
    ? [
        '',
        'ratio, "better: lower": baseline ops/s ÷ subject ops/s (or subject ms ÷ baseline ms), the subject\'s cost in baseline units;',
        'ratio, "better: higher": subject ops/s ÷ baseline ops/s, the share of the baseline\'s throughput the subject reaches.',
      ]
    : [];
  return [row(header, widths), rule, ...body.map((b) => row(b, widths)), ...legend].join('\n');
}

export interface ResultsFile {
  date: string;
  node: string;
  machine: { cpus: number; memGiB: number; model: string };
  quick: boolean;
  results: BenchResult[];
  notes: string[];
  /** Steps that failed (crash, timeout, lost data); empty on a clean run. */
  failures: string[];
}

export async function writeResults(
  path: string,
  results: BenchResult[],
  notes: string[],
  failures: string[],
  quick: boolean,
): Promise<void> {
  const round = (x: number, digits: number) => Number(x.toFixed(digits));
  const file: ResultsFile = {
    date: new Date().toISOString(),
    node: process.version,
    machine: {
      cpus: cpus().length,
      memGiB: round(totalmem() / 2 ** 30, 1),
      model: cpus()[0]?.model.trim() ?? 'unknown',
    },
    quick,
    results: results.map((r) => ({
      ...r,
      baseline: round(r.baseline, 1),
      value: round(r.value, 1),
      ratio: round(r.ratio, 3),
    })),
    notes,
    failures,
  };
  await writeFile(path, JSON.stringify(file, null, 2) + '\n');
}
