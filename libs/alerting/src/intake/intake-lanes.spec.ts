import type { UplinkMessage } from '@campus/device-protocols';
import { describe, expect, test } from 'vitest';
import { IntakeLanes } from './intake-lanes';

const org = { province: '610000', city: '610100', county: '610113', school: '2161010001' };
const reading = (device: string, ts: number): UplinkMessage => ({
  kind: 'reading',
  device,
  ts,
  metrics: { temperature: 20 },
  v: 1,
  org,
  deviceKind: 'temperature_sensor',
});
const smoke = (device: string, ts: number): UplinkMessage => ({
  kind: 'event',
  device,
  ts,
  type: 'smoke',
  data: {},
  v: 1,
  org,
  deviceKind: 'smoke_detector',
});

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('IntakeLanes', () => {
  test('an alarm is handled while a telemetry batch is still in the handler', async () => {
    const slowTelemetry = deferred();
    const handled: string[] = [];
    const lanes = new IntakeLanes({
      handler: async (messages) => {
        if (messages[0]!.kind === 'reading') await slowTelemetry.promise;
        handled.push(...messages.map((m) => `${m.kind}:${m.device}`));
      },
    });
    const telemetry = lanes.deliver([reading('tmp-1', 1), reading('tmp-2', 2)]);
    await lanes.deliver([smoke('smk-1', 3)]);
    expect(handled).toEqual(['event:smk-1']);
    slowTelemetry.resolve();
    await telemetry;
    expect(handled).toEqual(['event:smk-1', 'reading:tmp-1', 'reading:tmp-2']);
  });

  test('what queued during a batch goes to the handler as one next batch, in order', async () => {
    const first = deferred();
    const batches: number[][] = [];
    const lanes = new IntakeLanes({
      handler: async (messages) => {
        batches.push(messages.map((m) => m.ts));
        if (batches.length === 1) await first.promise;
      },
    });
    const done = [
      lanes.deliver([reading('a', 1)]),
      lanes.deliver([reading('a', 2)]),
      lanes.deliver([reading('b', 3)]),
    ];
    first.resolve();
    await Promise.all(done);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  test('a failed batch rejects every delivery in it, and the lane goes on', async () => {
    let fail = true;
    const lanes = new IntakeLanes({
      handler: async () => {
        if (fail) throw new Error('database down');
      },
    });
    await expect(lanes.deliver([smoke('smk-1', 1)])).rejects.toThrow('database down');
    fail = false;
    await expect(lanes.deliver([smoke('smk-1', 1)])).resolves.toBeUndefined();
    expect(lanes.stats).toMatchObject({ alarms: 2, failed: 1, queuedAlarms: 0 });
  });

  test('a mixed publish resolves once both lanes handled their part', async () => {
    const seen: string[] = [];
    const lanes = new IntakeLanes({ handler: async (m) => void seen.push(...m.map((x) => x.kind)) });
    await lanes.deliver([reading('z', 1), smoke('z', 1)]);
    expect(seen.sort()).toEqual(['event', 'reading']);
  });

  test('after stop, deliveries are refused with a reason', async () => {
    const lanes = new IntakeLanes({ handler: async () => undefined });
    lanes.stop();
    await expect(lanes.deliver([smoke('smk-1', 1)])).rejects.toThrow(/stopping/);
  });
});
