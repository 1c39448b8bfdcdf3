import type { MqttClient } from 'mqtt';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@campus/test-kit';
import type { Database } from '../db/database';
import { DeviceStateRepository } from '../db/device-state-repository';
import { openDatabase } from '../db/open-database';
import type { Trigger } from '../domain/trigger';
import {
  connectPublisher,
  INTAKE_SITES,
  publishUplink,
  SCHOOL,
  SERVICE,
  silentLogger,
  startTestBroker,
  T0,
  uplinkAvailability,
  uplinkEvent,
  uplinkReading,
  type TestBroker,
} from '../testing/intake.fixture';
import { RetryableError } from '../intake/retryable';
import { RuleLoop } from '../intake/rule-loop';
import { UplinkIntake } from '../intake/uplink-intake';
import { resetAlertingTables } from '../testing/reset-alerting';
import { DeviceStateTracker } from './device-state-tracker';
import { withDeviceState } from './uplink-device-state';

/**
 * The real intake path: broker → UplinkIntake → RuleLoop (alerts first) → DeviceStateTracker →
 * batched flush → `alerting.device_state` / `device_event_days` in PGlite.
 */
let db: Database;
let repo: DeviceStateRepository;
let broker: TestBroker;
let publisher: MqttClient;
const stops: (() => Promise<void>)[] = [];
const DAY = '2026-11-30'; // T0 is Monday 10:00 in Asia/Shanghai

beforeAll(async () => {
  db = await openDatabase({});
  repo = new DeviceStateRepository(db);
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await resetAlertingTables(db);
  broker = await startTestBroker();
  publisher = await connectPublisher(broker.url);
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await publisher.endAsync(true);
  await broker.close();
});

/** Log lines at warn and above, parsed. */
function capturingLogger(): { logger: pino.Logger; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

interface Harness {
  tracker: DeviceStateTracker;
  intake: UplinkIntake;
  triggers: Trigger[];
}

/** Wires the parts as startAlertService does; `handleTriggers` may fail to test the ordering. */
async function startPath(
  options: {
    flushIntervalMs?: number;
    logger?: pino.Logger;
    handleTriggers?: (triggers: Trigger[]) => Promise<void>;
  } = {},
): Promise<Harness> {
  const triggers: Trigger[] = [];
  const logger = options.logger ?? silentLogger();
  const tracker = new DeviceStateTracker({
    store: repo,
    timeZone: INTAKE_SITES.province.timezone,
    logger,
    flushIntervalMs: options.flushIntervalMs ?? 50,
  });
  await tracker.start();
  stops.push(() => tracker.stop());
  const rules = new RuleLoop({
    sites: INTAKE_SITES,
    handleTriggers: async (t) => {
      await options.handleTriggers?.(t);
      triggers.push(...t);
    },
    logger: silentLogger(),
  });
  const intake = new UplinkIntake({
    url: broker.url,
    ...SERVICE,
    clientId: `device-state-${Math.random().toString(16).slice(2)}`,
    handler: withDeviceState(tracker, (msg, now) => rules.onUplink(msg, now), { logger }),
    logger: silentLogger(),
    clock: () => T0 + 42,
    reconnectPeriodMs: 50,
    startTimeoutMs: 3000,
  });
  await intake.start();
  stops.push(async () => {
    await intake.stop();
    await rules.stop();
  });
  return { tracker, intake, triggers };
}

describe('device state through the real intake path', () => {
  it('ends up in device_state and device_event_days after the periodic flush', async () => {
    const { triggers } = await startPath();
    await publishUplink(publisher, uplinkAvailability('smk-red', true, T0 - 1000));
    await publishUplink(publisher, uplinkReading('smk-red', { battery: 15, temperature: 21 }, T0 - 500));
    await publishUplink(publisher, uplinkEvent('smk-red', 'fault'));
    await publishUplink(publisher, uplinkEvent('smk-red', 'smoke'));
    await publishUplink(publisher, uplinkEvent('dacc-1', 'patrol_checkin'));
    await publishUplink(publisher, uplinkEvent('dacc-1', 'patrol_checkin'));

    await waitFor(async () => (await repo.get('dacc-1')) !== undefined);
    await waitFor(async () => (await repo.get('smk-red'))?.faulty === true);
    expect(await repo.get('smk-red')).toEqual({
      device: 'smk-red',
      province: '610000',
      city: '610100',
      county: '610113',
      school: SCHOOL,
      kind: 'smoke_detector',
      online: true,
      onlineChangedAt: new Date(T0 - 1000).toISOString(),
      lastSeenAt: new Date(T0).toISOString(),
      battery: 15,
      batteryAt: new Date(T0 - 500).toISOString(),
      lowBatteryAt: null,
      faulty: true,
      fault: 'fault',
      faultAt: new Date(T0).toISOString(),
      updatedAt: new Date(T0 + 42).toISOString(),
    });
    await waitFor(
      async () =>
        (await repo.eventCounts({ schools: [SCHOOL], fromDay: DAY, toDay: DAY })).length === 3 &&
        (
          await repo.eventCounts({ schools: [SCHOOL], types: ['patrol_checkin'], fromDay: DAY, toDay: DAY })
        )[0]?.count === 2,
    );
    expect(await repo.eventCounts({ schools: [SCHOOL], fromDay: DAY, toDay: DAY })).toEqual([
      { school: SCHOOL, device: 'dacc-1', type: 'patrol_checkin', count: 2 },
      { school: SCHOOL, device: 'smk-red', type: 'fault', count: 1 },
      { school: SCHOOL, device: 'smk-red', type: 'smoke', count: 1 },
    ]);
    // the rules saw the same messages: the smoke alert was raised
    expect(triggers.some((t) => t.kind === 'alert' && t.key === 'default:smoke:smk-red')).toBe(true);
  });

  it('keeps the changes when a flush fails, logs once, never holds up the intake, and writes them later', async () => {
    const { logger, lines } = capturingLogger();
    // no periodic flush: the test flushes by hand to see each attempt
    const { tracker, intake, triggers } = await startPath({ flushIntervalMs: 3_600_000, logger });
    await db.exec('ALTER TABLE alerting.device_state RENAME TO device_state_away');
    try {
      await publishUplink(publisher, uplinkEvent('smk-red', 'smoke'));
      await publishUplink(publisher, uplinkAvailability('temp-red', false));
      await waitFor(() => intake.stats.handled === 2);
      // alerts first: the smoke alert went through while the state could not be written
      expect(triggers.some((t) => t.kind === 'alert' && t.key === 'default:smoke:smk-red')).toBe(true);

      await tracker.flush();
      await tracker.flush();
      expect(tracker.pending).toEqual({ devices: 2, eventDays: 1 });
      const warnings = lines.filter((l) => l.msg.startsWith('device state flush failed'));
      expect(warnings).toHaveLength(1);
      // the event days table is fine, but one flush is one transaction: nothing was written
      expect(await repo.eventCounts({ schools: [SCHOOL], fromDay: DAY, toDay: DAY })).toEqual([]);

      // changes arriving meanwhile join the buffer
      await publishUplink(publisher, uplinkEvent('smk-red', 'smoke'));
      await waitFor(() => intake.stats.handled === 3);
    } finally {
      await db.exec('ALTER TABLE alerting.device_state_away RENAME TO device_state');
    }
    await tracker.flush();
    expect(tracker.pending).toEqual({ devices: 0, eventDays: 0 });
    expect(await repo.get('temp-red')).toMatchObject({ online: false, lastSeenAt: null });
    expect(await repo.get('smk-red')).toMatchObject({ online: true, lastSeenAt: new Date(T0).toISOString() });
    expect(await repo.eventCounts({ schools: [SCHOOL], fromDay: DAY, toDay: DAY })).toEqual([
      { school: SCHOOL, device: 'smk-red', type: 'smoke', count: 2 },
    ]);
  });

  it('does not count a message twice when the rules fail retryably and the broker redelivers it', async () => {
    let calls = 0;
    const { tracker, intake } = await startPath({
      flushIntervalMs: 3_600_000,
      handleTriggers: async () => {
        calls += 1;
        if (calls === 1) throw new RetryableError('database down');
      },
    });
    await publishUplink(publisher, uplinkEvent('smk-red', 'smoke'));
    await waitFor(() => intake.stats.handled === 1);
    expect(intake.stats.deferred).toBe(1);
    await tracker.flush();
    expect(await repo.eventCounts({ schools: [SCHOOL], fromDay: DAY, toDay: DAY })).toEqual([
      { school: SCHOOL, device: 'smk-red', type: 'smoke', count: 1 },
    ]);
  });

  it('continues from the stored state after a restart and writes what is buffered on stop', async () => {
    const first = await startPath({ flushIntervalMs: 3_600_000 });
    await publishUplink(publisher, uplinkReading('temp-red', { battery: 80 }));
    await waitFor(() => first.intake.stats.handled === 1);
    expect(await repo.get('temp-red')).toBeUndefined();
    for (const stop of stops.splice(0).reverse()) await stop();
    expect(await repo.get('temp-red')).toMatchObject({ online: true, battery: 80 });

    const second = await startPath({ flushIntervalMs: 3_600_000 });
    expect(second.tracker.current('temp-red')).toMatchObject({ online: true, battery: 80 });
    await publishUplink(publisher, uplinkEvent('temp-red', 'low_battery', T0 + 10));
    await waitFor(() => second.intake.stats.handled === 1);
    await second.tracker.flush();
    // the battery from before the restart is kept; the event adds to it
    expect(await repo.get('temp-red')).toMatchObject({
      battery: 80,
      lowBatteryAt: new Date(T0 + 10).toISOString(),
    });
  });
});
