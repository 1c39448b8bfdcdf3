import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dayOf, event, reading, SCHOOL_A, SCHOOL_B, status } from './stored-message.fixture';
import type { StoredMessage } from '../sinks/series-point';
import type { TimeSeriesSink } from '../sinks/time-series-sink';

export interface SinkUnderTest {
  /** A sink on a store of its own; the suite calls `init()`. */
  sink: TimeSeriesSink;
  /** Closes the sink and releases what the factory started. */
  cleanup(): Promise<void>;
}

const WHOLE_DAY = 86_400_000 - 1;

/**
 * The behaviour every TimeSeriesSink shares, as one Vitest suite: `describeTimeSeriesSinkContract
 * ('embedded', factory)` in each implementation's spec. The factory is called once; each test uses
 * its own devices and its own day, so the tests do not see each other's points.
 */
export function describeTimeSeriesSinkContract(name: string, factory: () => Promise<SinkUnderTest>): void {
  describe(`TimeSeriesSink contract: ${name}`, { timeout: 60_000 }, () => {
    let sink: TimeSeriesSink;
    let cleanup: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      ({ sink, cleanup } = await factory());
      await sink.init();
    }, 60_000);
    afterAll(async () => {
      await cleanup?.();
    });

    test('reads back readings, events and status of two schools exactly', async () => {
      const t = dayOf(1);
      const [a, b] = ['c1-smk-a', 'c1-tmp-b'];
      const data = {
        level: 3,
        ok: true,
        off: false,
        note: `it's "quoted"`,
        nested: { list: [1, '二', null] },
      };
      await sink.write([
        reading(a, t, { temperature: 23.5, battery: 87 }, SCHOOL_A, 'smoke_detector'),
        reading(a, t + 1000, { temperature: -4.25, battery: 86 }, SCHOOL_A, 'smoke_detector'),
        reading(b, t + 500, { temperature: 0.1 + 0.2, humidity: 1e-7 }, SCHOOL_B),
        reading(b, t + 600, { battery: 50 }, SCHOOL_B),
        event(a, t + 100, 'smoke', data),
        event(b, t + 200, 'sos', {}, SCHOOL_B, 'one_key_alarm'),
        status(a, t, true),
        status(a, t + 2000, false),
      ]);
      const day = { from: t, to: t + WHOLE_DAY };
      expect(await sink.queryTelemetry({ device: a, metric: 'temperature', ...day })).toEqual([
        { ts: t, value: 23.5 },
        { ts: t + 1000, value: -4.25 },
      ]);
      expect(await sink.queryTelemetry({ device: a, metric: 'battery', ...day })).toEqual([
        { ts: t, value: 87 },
        { ts: t + 1000, value: 86 },
      ]);
      expect(await sink.queryTelemetry({ device: b, metric: 'temperature', ...day })).toEqual([
        { ts: t + 500, value: 0.1 + 0.2 },
      ]);
      expect(await sink.queryTelemetry({ device: b, metric: 'humidity', ...day })).toEqual([
        { ts: t + 500, value: 1e-7 },
      ]);
      expect(await sink.queryTelemetry({ device: b, metric: 'battery', ...day })).toEqual([
        { ts: t + 600, value: 50 },
      ]);
      expect(await sink.queryTelemetry({ device: b, metric: 'pressure', ...day })).toEqual([]);
      const eventA = { ts: t + 100, device: a, school: SCHOOL_A.school, type: 'smoke', data };
      const eventB = { ts: t + 200, device: b, school: SCHOOL_B.school, type: 'sos', data: {} };
      expect(await sink.queryEvents({ school: SCHOOL_A.school, ...day })).toEqual([eventA]);
      expect(await sink.queryEvents({ school: SCHOOL_B.school, ...day })).toEqual([eventB]);
      expect(await sink.queryEvents({ device: b, ...day })).toEqual([eventB]);
      expect(await sink.queryEvents(day)).toEqual([eventA, eventB]);
      expect(await sink.queryStatus({ device: a, ...day })).toEqual([
        { ts: t, device: a, online: true },
        { ts: t + 2000, device: a, online: false },
      ]);
      expect(await sink.countPoints(a)).toEqual({ telemetry: 2, events: 1, status: 2 });
      // b's two readings carry different metrics: still two points.
      expect(await sink.countPoints(b)).toEqual({ telemetry: 2, events: 1, status: 0 });
      expect(await sink.countPoints('c1-nobody')).toEqual({ telemetry: 0, events: 0, status: 0 });
    });

    test('rewriting a batch leaves the same points (idempotent); within a batch the last write wins', async () => {
      const t = dayOf(2);
      const d = 'c2-idem';
      const batch: StoredMessage[] = [
        reading(d, t, { temperature: 20, battery: 90 }),
        reading(d, t + 1, { temperature: 21 }),
        event(d, t + 2, 'smoke', { n: 1 }),
        event(d, t + 2, 'tamper', { n: 2 }),
        status(d, t + 3, true),
      ];
      await sink.write(batch);
      const before = await sink.countPoints(d);
      expect(before).toEqual({ telemetry: 2, events: 2, status: 1 });
      await sink.write(batch);
      await sink.write([...batch].reverse());
      expect(await sink.countPoints(d)).toEqual(before);
      await sink.write([reading(d, t + 5, { temperature: 1 }), reading(d, t + 5, { temperature: 2 })]);
      const range = { device: d, metric: 'temperature', from: t, to: t + 10 };
      expect(await sink.queryTelemetry(range)).toEqual([
        { ts: t, value: 20 },
        { ts: t + 1, value: 21 },
        { ts: t + 5, value: 2 },
      ]);
      expect((await sink.queryEvents({ device: d, from: t, to: t + 10 })).map((e) => e.data)).toEqual([
        { n: 1 },
        { n: 2 },
      ]);
    });

    test('time range bounds are inclusive on both ends', async () => {
      const t = dayOf(3);
      const d = 'c3-range';
      const at = [t, t + 1, t + 2, t + 3];
      await sink.write(
        at.flatMap((ts, i) => [
          reading(d, ts, { v: i }),
          event(d, ts, 'fault', { i }),
          status(d, ts, i % 2 === 0),
        ]),
      );
      const from = t + 1;
      const to = t + 2;
      expect(await sink.queryTelemetry({ device: d, metric: 'v', from, to })).toEqual([
        { ts: t + 1, value: 1 },
        { ts: t + 2, value: 2 },
      ]);
      expect((await sink.queryEvents({ device: d, from, to })).map((e) => e.ts)).toEqual([t + 1, t + 2]);
      expect((await sink.queryStatus({ device: d, from, to })).map((s) => s.ts)).toEqual([t + 1, t + 2]);
      expect(await sink.queryTelemetry({ device: d, metric: 'v', from: t + 3, to: t + 3 })).toEqual([
        { ts: t + 3, value: 3 },
      ]);
    });

    test('a metric named like a tag (kind, device, type, school) round-trips', async () => {
      const t = dayOf(4);
      const d = 'c4-tagnames';
      await sink.write([
        reading(d, t, { kind: 1, device: 2, type: 3, school: 4, province: 5, temperature: 6 }),
      ]);
      const range = { device: d, from: t, to: t };
      for (const [metric, value] of [
        ['kind', 1],
        ['device', 2],
        ['type', 3],
        ['school', 4],
        ['province', 5],
        ['temperature', 6],
      ] as const) {
        expect(await sink.queryTelemetry({ metric, ...range }), metric).toEqual([{ ts: t, value }]);
      }
      expect(await sink.countPoints(d)).toEqual({ telemetry: 1, events: 0, status: 0 });
    });

    test('tag values with spaces, commas, =, quotes, backslashes and Chinese round-trip', async () => {
      const t = dayOf(5);
      const d = `c5 dev, "a=b" it's 北\\门 烟感`;
      const org = { province: '陕西 省', city: '西安,市', county: `雁塔=区 "x"`, school: `第一 小学, 'A'=1` };
      await sink.write([
        reading(d, t, { temperature: 30 }, org),
        event(d, t + 1, 'smoke', { where: '化学实验室' }, org),
        status(d, t + 2, true, org),
      ]);
      const range = { from: t, to: t + 10 };
      expect(await sink.queryTelemetry({ device: d, metric: 'temperature', ...range })).toEqual([
        { ts: t, value: 30 },
      ]);
      const expected = [
        { ts: t + 1, device: d, school: org.school, type: 'smoke', data: { where: '化学实验室' } },
      ];
      expect(await sink.queryEvents({ school: org.school, ...range })).toEqual(expected);
      expect(await sink.queryEvents({ device: d, ...range })).toEqual(expected);
      expect(await sink.queryStatus({ device: d, ...range })).toEqual([
        { ts: t + 2, device: d, online: true },
      ]);
      expect(await sink.countPoints(d)).toEqual({ telemetry: 1, events: 1, status: 1 });
    });

    test('an empty batch is a no-op', async () => {
      const d = 'c6-empty';
      await sink.write([]);
      await sink.write([reading(d, dayOf(6), { v: 1 })]);
      await sink.write([]);
      expect(await sink.countPoints(d)).toEqual({ telemetry: 1, events: 0, status: 0 });
    });

    test('10,000 readings in batches of 500 all land', async () => {
      const t = dayOf(7);
      const d = 'c7-bulk';
      const total = 10_000;
      for (let start = 0; start < total; start += 500) {
        const batch: StoredMessage[] = [];
        for (let i = start; i < start + 500; i++) {
          batch.push(
            reading(
              d,
              t + i * 1000,
              i % 2 === 0 ? { temperature: i / 10, battery: 90 } : { temperature: i / 10 },
            ),
          );
        }
        await sink.write(batch);
      }
      expect(await sink.countPoints(d)).toEqual({ telemetry: total, events: 0, status: 0 });
      const last = await sink.queryTelemetry({
        device: d,
        metric: 'temperature',
        from: t + 9_998_000,
        to: t + 9_999_000,
      });
      expect(last).toEqual([
        { ts: t + 9_998_000, value: 999.8 },
        { ts: t + 9_999_000, value: 999.9 },
      ]);
      const battery = await sink.queryTelemetry({ device: d, metric: 'battery', from: t, to: t + WHOLE_DAY });
      expect(battery).toHaveLength(total / 2);
    });

    test('init() again is fine and keeps the data', async () => {
      const t = dayOf(8);
      const d = 'c8-init';
      await sink.write([reading(d, t, { v: 1 })]);
      await sink.init();
      await sink.init();
      await sink.write([reading(d, t + 1, { v: 2 })]);
      expect(await sink.queryTelemetry({ device: d, metric: 'v', from: t, to: t + 1 })).toEqual([
        { ts: t, value: 1 },
        { ts: t + 1, value: 2 },
      ]);
    });
  });
}

/**
 * Retention for the stores that purge themselves (`purgeOlderThan`): rows older than 30 days go
 * from every table, newer ones stay, a second purge finds nothing, a retention of 0 is refused.
 * Its data is far before the contract's (2025), so it can run on the same store.
 */
export async function expectPurgeKeepsRecent(sink: TimeSeriesSink): Promise<void> {
  const purge = sink.purgeOlderThan?.bind(sink) as
    ((days: number, now?: number) => Promise<unknown>) | undefined;
  if (!purge) throw new Error(`${sink.name} has no purgeOlderThan`);
  const now = Date.UTC(2001, 0, 31);
  const old = now - 31 * 86_400_000;
  const recent = now - 29 * 86_400_000;
  const d = 'purge-1';
  await sink.write([
    reading(d, old, { v: 1, w: 2 }),
    event(d, old, 'smoke', {}),
    status(d, old, true),
    reading(d, recent, { v: 3 }),
    event(d, recent, 'smoke', {}),
    status(d, recent, false),
  ]);
  expect(await purge(30, now)).toEqual({ telemetry: 2, events: 1, status: 1 });
  expect(await sink.countPoints(d)).toEqual({ telemetry: 1, events: 1, status: 1 });
  expect(await sink.queryTelemetry({ device: d, metric: 'v', from: old, to: now })).toEqual([
    { ts: recent, value: 3 },
  ]);
  expect(await purge(30, now)).toEqual({ telemetry: 0, events: 0, status: 0 });
  await expect(purge(0, now)).rejects.toThrow(/positive number of days/);
}
