import { PGlite } from '@electric-sql/pglite';
import type { OrgPath } from '@campus/device-protocols';
import {
  EmbeddedTimeSeriesSink,
  InfluxTimeSeriesSink,
  type StoredMessage,
  type TimeSeriesSink,
} from '@campus/ingest';
import { startInfluxd } from '@campus/test-kit';
import { Cleanups, resultOf, type BenchOptions, type BenchResult, type Benchmark } from './context';
import { DEVICE, SCHOOL, influxdInstalled, silentLogger, tempDir, timestampAllocator } from './fixtures';
import { measurePair, type Phase } from './measure';
import { RawPgliteWriter } from './raw-pglite';

const BATCH = 1000;
const ORG: OrgPath = { province: '610000', city: '610100', county: '610113', school: SCHOOL };

function readings(baseTs: number, count: number): StoredMessage[][] {
  const batches: StoredMessage[][] = [];
  for (let start = 0; start < count; start += BATCH) {
    const batch: StoredMessage[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const metrics = { temperature: 20 + (i % 100) / 10, seq: i };
      batch.push({
        message: { kind: 'reading', device: DEVICE, ts: baseTs + i, metrics },
        org: ORG,
        deviceKind: 'temperature_sensor',
      });
    }
    batches.push(batch);
  }
  return batches;
}

interface Writer {
  write(batch: readonly StoredMessage[]): Promise<void>;
}

/** A run writes `count` readings in batches of 1000, one batch after another, as the outbox does. */
function writeRun(writer: Writer, count: number, warmCount: number, nextBase: () => number) {
  let written = 0;
  const run = async (phase: Phase) => {
    const n = phase === 'warmup' ? warmCount : count;
    for (const batch of readings(nextBase(), n)) await writer.write(batch);
    written += n;
  };
  return { run, written: () => written };
}

async function compareSink(
  label: string,
  sink: TimeSeriesSink,
  raw: RawPgliteWriter,
  { quick }: BenchOptions,
): Promise<BenchResult> {
  const count = quick ? 2_000 : 20_000;
  const warmCount = 2 * BATCH;
  const nextBase = timestampAllocator(count);
  const rawBefore = await raw.countRows();
  const base = writeRun(raw, count, warmCount, nextBase);
  const subject = writeRun(sink, count, warmCount, nextBase);
  const timing = await measurePair(base.run, subject.run, { ops: count, warmup: 1, reps: quick ? 1 : 3 });
  const stored = (await sink.countPoints(DEVICE)).telemetry;
  if (stored !== subject.written())
    throw new Error(`${label}: wrote ${subject.written()} readings, ${stored} stored`);
  const rawRows = (await raw.countRows()) - rawBefore;
  if (rawRows !== 2 * base.written())
    throw new Error(`raw PGlite: ${rawRows} rows for ${base.written()} readings`);
  return resultOf(`sink write, ${label} (vs raw PGlite INSERT)`, 'points/s', timing);
}

export const sinkBench: Benchmark = {
  name: 'sink',
  async run(options: BenchOptions): Promise<BenchResult[]> {
    const cleanups = new Cleanups();
    try {
      const db = await PGlite.create(await tempDir(cleanups, 'pglite'));
      cleanups.add(() => db.close());
      const raw = new RawPgliteWriter(db);
      await raw.init();
      const embedded = new EmbeddedTimeSeriesSink(db, silentLogger);
      await embedded.init();
      const results = [await compareSink('embedded', embedded, raw, options)];
      if (!influxdInstalled()) {
        options.note(
          'sink write, influxdb v1: skipped, /usr/bin/influxd is missing (apt-get install influxdb)',
        );
        return results;
      }
      const influxd = await startInfluxd();
      cleanups.add(() => influxd.stop());
      const influx = new InfluxTimeSeriesSink({ url: influxd.url, database: 'bench_sink' }, silentLogger);
      await influx.init();
      results.push(await compareSink('influxdb v1', influx, raw, options));
      return results;
    } finally {
      await cleanups.run();
    }
  },
};
