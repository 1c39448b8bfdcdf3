import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { alarmLatencyBench } from './alarm-latency-bench';
import type { BenchResult, Benchmark, SharedFacts } from './context';
import { consoleRenderBench } from './console-render-bench';
import { decodeBench } from './decode-bench';
import { idleMemoryBench } from './idle-memory-bench';
import { ingestBench } from './ingest-bench';
import { platformIngestBench } from './platform-ingest-bench';
import { escalationLatenessBench } from './escalation-lateness-bench';
import { errorText } from './processes';
import { reconnectStormBench } from './reconnect-storm-bench';
import { formatTable, writeResults } from './report';
import { sinkBench } from './sink-bench';
import { storeEnginesBench } from './store-engines-bench';

/** platform-ingest comes before alarm-latency: its stored rate sets alarm-latency's background load. */
const BENCHMARKS: readonly Benchmark[] = [
  decodeBench,
  ingestBench,
  sinkBench,
  storeEnginesBench,
  platformIngestBench,
  alarmLatencyBench,
  reconnectStormBench,
  idleMemoryBench,
  escalationLatenessBench,
  consoleRenderBench,
];
const RESULTS_PATH = fileURLToPath(new URL('./results.json', import.meta.url));

const USAGE = `npm run bench [-- --quick] [-- --only NAME[,NAME]] [-- --alarm-rate MSGS_PER_S]
  --quick           smaller N and fewer repetitions (a smoke run, not numbers to quote)
  --only NAME       run only these benchmarks: ${BENCHMARKS.map((b) => b.name).join(', ')}
  --alarm-rate N    alarm-latency's 100% background load in msgs/s (default: the stored rate
                    platform-ingest measured in this run, else a short measurement of its own)
Every benchmark reports a baseline and the subject, measured alternately in the same run. The
ratio is baseline ÷ subject ops/s (or subject ÷ baseline latency): the subject's cost in baseline
units, lower is better; rows marked "better: higher" are subject ÷ baseline ops/s instead.
A failed step (a crashed platform, a timeout, lost data) is listed under the table and the run
exits 1; the other benchmarks still run.`;

class UsageError extends Error {}

function selected(only: string | undefined): readonly Benchmark[] {
  if (only === undefined) return BENCHMARKS;
  const names = only.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length > 0) throw new UsageError(`unknown benchmark ${unknown.join(', ')}`);
  return BENCHMARKS.filter((b) => names.includes(b.name));
}

function parseOptions(): {
  quick: boolean;
  only: string | undefined;
  help: boolean;
  alarmRate: number | undefined;
} {
  try {
    const { values } = parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        only: { type: 'string' },
        'alarm-rate': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const rateText = values['alarm-rate'];
    const alarmRate = rateText === undefined ? undefined : Number(rateText);
    if (alarmRate !== undefined && !(Number.isFinite(alarmRate) && alarmRate > 0))
      throw new UsageError(`--alarm-rate wants a positive number of msgs/s, got ${rateText}`);
    return { quick: values.quick ?? false, only: values.only, help: values.help ?? false, alarmRate };
  } catch (err) {
    if (err instanceof UsageError) throw err;
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
  const failures: string[] = [];
  const results: BenchResult[] = [];
  const shared: SharedFacts = {};
  const started = performance.now();
  for (const bench of selected(values.only)) {
    const failure = (text: string) => {
      failures.push(`${bench.name}: ${text}`);
      console.log(`  FAILED: ${text}`);
    };
    console.log(`running ${bench.name}${quick ? ' (quick)' : ''} …`);
    const t0 = performance.now();
    try {
      const out = await bench.run({
        quick,
        note,
        failure,
        shared,
        ...(values.alarmRate === undefined ? {} : { alarmRate: values.alarmRate }),
      });
      results.push(...out);
    } catch (err) {
      failure(errorText(err));
    }
    console.log(`  ${bench.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  console.log(`\n${formatTable(results)}\n`);
  if (notes.length > 0) console.log(notes.map((n) => `- ${n}`).join('\n') + '\n');
  if (failures.length > 0) {
    console.log(`FAILED (${failures.length}):\n${failures.map((f) => `- ${f}`).join('\n')}\n`);
    process.exitCode = 1;
  }
  await writeResults(RESULTS_PATH, results, notes, failures, quick);
  console.log(`wrote ${RESULTS_PATH} (${((performance.now() - started) / 1000).toFixed(1)} s in all)`);
}

/**
 * Everything a benchmark starts is stopped in its cleanup; should some handle still hold the event
 * loop after the report, name it and exit rather than hang (the timer itself holds nothing).
 */
function exitIfStuck(): void {
  setTimeout(() => {
    const handles = process.getActiveResourcesInfo().filter((r) => r !== 'Timeout');
    console.error(`bench: still running 10 s after the report (${handles.join(', ')}); exiting`);
    process.exit(process.exitCode ?? 1);
  }, 10_000).unref();
}

main()
  .catch((err: unknown) => {
    if (err instanceof UsageError) console.error(`${err.message}\n${USAGE}`);
    else console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  })
  .finally(exitIfStuck);
