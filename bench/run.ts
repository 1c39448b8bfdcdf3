import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchResult, Benchmark } from './context';
import { decodeBench } from './decode-bench';
import { ingestBench } from './ingest-bench';
import { formatTable, writeResults } from './report';
import { sinkBench } from './sink-bench';

const BENCHMARKS: readonly Benchmark[] = [decodeBench, ingestBench, sinkBench];
const RESULTS_PATH = fileURLToPath(new URL('./results.json', import.meta.url));

const USAGE = `npm run bench [-- --quick] [-- --only NAME[,NAME]]
  --quick      smaller N and fewer repetitions (a smoke run, not numbers to quote)
  --only NAME  run only these benchmarks: ${BENCHMARKS.map((b) => b.name).join(', ')}
Every benchmark reports ops/s of a baseline and of the subject, measured alternately in this
process, and ratio = baseline ÷ subject (the subject's cost per op in baseline units).`;

class UsageError extends Error {}

function selected(only: string | undefined): readonly Benchmark[] {
  if (only === undefined) return BENCHMARKS;
  const names = only.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length > 0) throw new UsageError(`unknown benchmark ${unknown.join(', ')}`);
  return BENCHMARKS.filter((b) => names.includes(b.name));
}

function parseOptions(): { quick: boolean; only: string | undefined; help: boolean } {
  try {
    const { values } = parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    return { quick: values.quick ?? false, only: values.only, help: values.help ?? false };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

async function main(): Promise<void> {
  const values = parseOptions();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const { quick } = values;
  const notes: string[] = [];
  const note = (text: string) => {
    notes.push(text);
    console.log(`  note: ${text}`);
  };
  const results: BenchResult[] = [];
  const started = performance.now();
  for (const bench of selected(values.only)) {
    console.log(`running ${bench.name}${quick ? ' (quick)' : ''} …`);
    const t0 = performance.now();
    const out = await bench.run({ quick, note });
    results.push(...out);
    console.log(`  ${bench.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  console.log(`\n${formatTable(results)}\n`);
  if (notes.length > 0) console.log(notes.map((n) => `- ${n}`).join('\n') + '\n');
  await writeResults(RESULTS_PATH, results, notes, quick);
  console.log(`wrote ${RESULTS_PATH} (${((performance.now() - started) / 1000).toFixed(1)} s in all)`);
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) console.error(`${err.message}\n${USAGE}`);
  else console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
