import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import type { BenchResult } from './context';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

/** The table: name, baseline ops/s, subject ops/s, ratio (baseline ÷ subject: the subject's relative cost). */
export function formatTable(results: readonly BenchResult[]): string {
  const header = ['benchmark', 'unit', 'baseline', 'subject', 'ratio'];
  const body = results.map((r) => [
    r.name,
    r.unit,
    integer.format(r.baseline),
    integer.format(r.value),
    `${r.ratio.toFixed(2)}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [row(header, widths), rule, ...body.map((b) => row(b, widths))].join('\n');
}

export interface ResultsFile {
  date: string;
  node: string;
  machine: { cpus: number; memGiB: number; model: string };
  quick: boolean;
  results: BenchResult[];
  notes: string[];
}

export async function writeResults(
  path: string,
  results: BenchResult[],
  notes: string[],
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
  };
  await writeFile(path, JSON.stringify(file, null, 2) + '\n');
}
