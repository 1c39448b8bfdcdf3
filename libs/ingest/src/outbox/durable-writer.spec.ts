import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { event, reading } from '../testing/stored-message.fixture';
import type { StoredMessage } from '../sinks/series-point';
import type { TimeSeriesSink } from '../sinks/time-series-sink';
import { DurableWriter } from './durable-writer';
import { OutboxJournal } from './outbox-journal';

/** A sink that records each batch and holds a write until the test lets it go. */
class RecordingSink implements TimeSeriesSink {
  readonly name = 'recording';
  readonly batches: StoredMessage[][] = [];
  private held: (() => void)[] = [];
  /** How many of the next writes to hold. */
  holdNext: boolean | number = false;

  async init(): Promise<void> {}
  async write(batch: readonly StoredMessage[]): Promise<void> {
    this.batches.push([...batch]);
    if (this.holdNext !== false && this.holdNext !== 0) {
      this.holdNext = typeof this.holdNext === 'number' ? this.holdNext - 1 : false;
      await new Promise<void>((resolve) => this.held.push(resolve));
    }
  }
  letGo(): void {
    for (const r of this.held.splice(0)) r();
  }
  async queryTelemetry() {
    return [];
  }
  async queryEvents() {
    return [];
  }
  async queryStatus() {
    return [];
  }
  async countPoints() {
    return { telemetry: 0, events: 0, status: 0 };
  }
  async close(): Promise<void> {}
}

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function writerOn(sink: TimeSeriesSink, writesInFlight?: number): Promise<DurableWriter> {
  const dir = await mkdtemp(join(tmpdir(), 'campus-writer-'));
  dirs.push(dir);
  const journal = await OutboxJournal.open(dir, 1 << 20);
  const writer = new DurableWriter(
    sink,
    journal,
    { maxPoints: 1000, maxAgeMs: 100, ...(writesInFlight === undefined ? {} : { writesInFlight }) },
    new GatewayMetrics(),
    pino({ level: 'silent' }),
  );
  writer.start();
  return writer;
}

describe('DurableWriter: the alarm lane', () => {
  test('an alarm is written before telemetry that was accepted earlier and still waits', async () => {
    const sink = new RecordingSink();
    const writer = await writerOn(sink, 1);
    sink.holdNext = true;
    const first = writer.accept([reading('tmp-1', 1, { temperature: 20 })]);
    // the first batch is in the sink; these wait behind it
    await expect.poll(() => sink.batches.length).toBe(1);
    const later = writer.accept([reading('tmp-1', 2, { temperature: 21 })]);
    const alarm = writer.accept([event('smk-1', 3, 'smoke', {})]);
    sink.letGo();
    await Promise.all([first, later, alarm]);
    expect(sink.batches.map((b) => b.map((m) => m.message.kind))).toEqual([
      ['reading'],
      ['event'],
      ['reading'],
    ]);
    await writer.stop();
  });

  test('with two writes in flight, the next batch goes to the sink before the first is answered; an alarm still passes what waits', async () => {
    const sink = new RecordingSink();
    const writer = await writerOn(sink, 2);
    sink.holdNext = 2;
    const first = writer.accept([reading('tmp-1', 1, { temperature: 20 })]);
    await expect.poll(() => sink.batches.length).toBe(1);
    const second = writer.accept([reading('tmp-1', 2, { temperature: 21 })]);
    // pipelined: in the sink while the first is still unanswered
    await expect.poll(() => sink.batches.length).toBe(2);
    const third = writer.accept([reading('tmp-1', 3, { temperature: 22 })]);
    const alarm = writer.accept([event('smk-1', 4, 'smoke', {})]);
    sink.letGo();
    await Promise.all([first, second, third, alarm]);
    expect(sink.batches.map((b) => b.map((m) => m.message.ts))).toEqual([[1], [2], [4], [3]]);
    await writer.stop();
  });

  test('an alarm accepted while the sink is down is journalled and written when it is back', async () => {
    const sink = new RecordingSink();
    let down = true;
    const flaky: TimeSeriesSink = Object.assign(Object.create(sink) as TimeSeriesSink, {
      write: async (batch: readonly StoredMessage[]) => {
        if (down) throw new Error('sink down');
        return sink.write(batch);
      },
    });
    const writer = await writerOn(flaky);
    await writer.accept([event('smk-1', 3, 'smoke', {})]); // durable in the journal
    down = false;
    await writer.whenDrained();
    expect(sink.batches.flat().map((m) => m.message.kind)).toEqual(['event']);
    await writer.stop();
  });
});
