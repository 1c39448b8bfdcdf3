import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { dayOf, event, reading } from '../testing/stored-message.fixture';
import type { StoredMessage } from './series-point';
import { SqliteTimeSeriesStore } from './sqlite-store';
import { describeTimeSeriesSinkContract, expectPurgeKeepsRecent } from '../testing/time-series-sink.contract';
import { SQLITE_FILE, WorkerTimeSeriesSink } from './worker-sink';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const WRITER = fileURLToPath(new URL('../testing/worker-sink-writer.ts', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'campus-worker-sink-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describeTimeSeriesSinkContract('embedded (worker)', async () => {
  const sink = await WorkerTimeSeriesSink.open(join(dir, 'contract'));
  return { sink, cleanup: () => sink.close() };
});

function readings(device: string, from: number, count: number): StoredMessage[] {
  const batch: StoredMessage[] = [];
  for (let i = 0; i < count; i++) batch.push(reading(device, from + i, { temperature: i / 10, battery: 90 }));
  return batch;
}

/** The longest the main thread's event loop went without running a 1 ms timer, while `work` ran. */
async function longestStall(work: () => unknown): Promise<{ stallMs: number; workMs: number }> {
  let ticks = 0;
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
    ticks++;
  }, 1);
  try {
    // Start counting from a tick, so the first gap is not measured from before the timer ran.
    await vi.waitFor(() => expect(ticks).toBeGreaterThan(0));
    stallMs = 0;
    const started = performance.now();
    last = started;
    await work();
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    return { stallMs, workMs: now - started };
  } finally {
    clearInterval(timer);
  }
}

describe('WorkerTimeSeriesSink', { timeout: 60_000 }, () => {
  test('purgeOlderThan deletes rows older than the retention from every table, and only those', async () => {
    const sink = await WorkerTimeSeriesSink.open(join(dir, 'purge'));
    try {
      await sink.init();
      await expectPurgeKeepsRecent(sink);
    } finally {
      await sink.close();
    }
  });

  test('data is on disk: it is there after closing and reopening, event data byte for byte', async () => {
    const path = join(dir, 'reopen');
    const data = { s: 'a\u0000b', path: 'C:\\u0000', zh: '化学实验室', n: [1.5, null, true] };
    const first = await WorkerTimeSeriesSink.open(path);
    await first.init();
    await first.write([reading('disk-1', 1_000, { v: 42 }), event('disk-1', 1_000, 'fault', data)]);
    await first.close();
    await first.close(); // a second close is a no-op
    await expect(first.countPoints('disk-1')).rejects.toThrow(/store is closed/);

    const second = await WorkerTimeSeriesSink.open(path);
    try {
      await second.init();
      expect(await second.queryTelemetry({ device: 'disk-1', metric: 'v', from: 0, to: 2_000 })).toEqual([
        { ts: 1_000, value: 42 },
      ]);
      expect((await second.queryEvents({ device: 'disk-1', from: 0, to: 2_000 }))[0]?.data).toEqual(data);
    } finally {
      await second.close();
    }
  });

  test('the main event loop keeps running while a large write runs in the worker', async () => {
    const device = 'loop-1';
    const batch = readings(device, dayOf(20), 40_000);
    // The same write on this thread, with the same engine: what the loop would suffer without the worker.
    const local = SqliteTimeSeriesStore.open(join(dir, 'loop-local.sqlite'));
    local.init();
    const onThread = await longestStall(() => local.write(batch));
    local.close();

    const sink = await WorkerTimeSeriesSink.open(join(dir, 'loop'));
    try {
      await sink.init();
      await sink.write(readings(device, dayOf(21), 5_000)); // warm: statements prepared, packing compiled
      const inWorker = await longestStall(() => sink.write(batch));
      expect(await sink.countPoints(device)).toEqual({ telemetry: 45_000, events: 0, status: 0 });
      // On this thread the loop stalls for the whole write; with the worker only for handing the batch over.
      expect(onThread.stallMs).toBeGreaterThan(0.9 * onThread.workMs);
      expect(inWorker.stallMs, JSON.stringify({ onThread, inWorker })).toBeLessThan(inWorker.workMs / 3);
      expect(inWorker.stallMs).toBeLessThan(onThread.stallMs / 3);
    } finally {
      await sink.close();
    }
  });

  test('a worker crash rejects the pending writes with a clear error; the next call starts a new worker', async () => {
    const sink = await WorkerTimeSeriesSink.open(join(dir, 'crash'));
    try {
      await sink.init();
      const d = 'crash-1';
      await sink.write(readings(d, 0, 1_000));
      const batches = [1, 2, 3].map((k) => readings(d, k * 10_000, 10_000));
      const writes = batches.map((b) => sink.write(b));
      await sink.crashWorkerForTesting();
      const outcomes = await Promise.allSettled(writes);
      const failed = outcomes.flatMap((o, i) =>
        o.status === 'rejected' ? [{ i, reason: o.reason as Error }] : [],
      );
      expect(failed.length).toBeGreaterThan(0);
      for (const { reason } of failed) {
        expect(reason.message).toMatch(
          /^embedded time-series write of 10000 messages failed: the embedded time-series worker stopped \(exit code 1\) before answering.*safe to retry.*the next call starts a new worker$/,
        );
      }
      // A new worker on the same file: what resolved is there, and each batch landed whole or not at all.
      const { telemetry } = await sink.countPoints(d);
      expect(telemetry % 10_000).toBe(1_000);
      for (const { i } of failed) await sink.write(batches[i]!);
      expect(await sink.countPoints(d)).toEqual({ telemetry: 31_000, events: 0, status: 0 });
    } finally {
      await sink.close();
    }
  });

  test('an in-memory store gets its tables back when a crashed worker is replaced', async () => {
    const sink = await WorkerTimeSeriesSink.open(undefined);
    try {
      await sink.init();
      await sink.crashWorkerForTesting();
      await sink.write([reading('mem-1', 1, { v: 1 })]);
      expect(await sink.countPoints('mem-1')).toEqual({ telemetry: 1, events: 0, status: 0 });
    } finally {
      await sink.close();
    }
  });

  test('errors from the worker say what failed and what to do', async () => {
    const fresh = await WorkerTimeSeriesSink.open(join(dir, 'no-init'));
    try {
      await expect(fresh.write([reading('e-1', 1, { v: 1 })])).rejects.toThrow(
        /^embedded time-series write of 1 messages failed: no such table: telemetry — nothing of the batch was stored; was init\(\) called/,
      );
    } finally {
      await fresh.close();
    }
    const damaged = join(dir, 'damaged');
    await mkdir(damaged, { recursive: true });
    await writeFile(join(damaged, SQLITE_FILE), 'this is not a database, '.repeat(100));
    await expect(WorkerTimeSeriesSink.open(damaged)).rejects.toThrow(
      /^opening the embedded time-series store .*timeseries\.sqlite failed: file is not a database — .*move DATA_DIR\/timeseries away/,
    );
    const blocked = join(dir, 'blocked');
    await writeFile(blocked, 'a file where the directory should be');
    await expect(WorkerTimeSeriesSink.open(join(blocked, 'timeseries'))).rejects.toThrow(
      /^creating the embedded time-series directory .* failed: .* — check that DATA_DIR is writable/,
    );
  });

  test('every write that resolved survives a SIGKILL of the process', async () => {
    const path = join(dir, 'sigkill');
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path, 'kill-1', '2000'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const acked = () => Math.max(0, ...[...output.matchAll(/acked (\d+)/g)].map((m) => Number(m[1])));
    try {
      await vi.waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`the writer exited early:\n${output}`);
          expect(acked()).toBeGreaterThanOrEqual(10_000);
        },
        { timeout: 45_000, interval: 20 },
      );
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const ackedBeforeKill = acked();
    const sink = await WorkerTimeSeriesSink.open(path);
    try {
      const { telemetry } = await sink.countPoints('kill-1');
      expect(telemetry).toBeGreaterThanOrEqual(ackedBeforeKill);
      expect(telemetry % 2_000).toBe(0); // whole batches only
    } finally {
      await sink.close();
    }
  });
});
