import {
  UPLINK_ALARM_SUBSCRIPTIONS,
  UPLINK_TELEMETRY_SUBSCRIPTIONS,
  type UplinkMessage,
} from '@campus/device-protocols';
import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@campus/test-kit';
import type { Trigger } from '../domain/trigger';
import {
  connectPublisher,
  deferred,
  INTAKE_SITES,
  publishUplink,
  SERVICE,
  silentLogger,
  startTestBroker,
  T0,
  uplinkEvent,
  uplinkReading,
  type TestBroker,
} from '../testing/intake.fixture';
import { RetryableError } from './retryable';
import { RuleLoop } from './rule-loop';
import { UplinkIntake } from './uplink-intake';
import type { UplinkHandler } from './uplink-intake-options';

let broker: TestBroker;
let publisher: MqttClient;
const intakes: UplinkIntake[] = [];

beforeEach(async () => {
  broker = await startTestBroker();
  publisher = await connectPublisher(broker.url);
});

afterEach(async () => {
  await Promise.all(intakes.splice(0).map((i) => i.stop()));
  await publisher.endAsync(true);
  await broker.close();
});

function intake(
  handler: UplinkHandler,
  clientId = 'alert-test-1',
  password = SERVICE.password,
): UplinkIntake {
  const i = new UplinkIntake({
    url: broker.url,
    username: SERVICE.username,
    password,
    clientId,
    handler,
    logger: silentLogger(),
    clock: () => T0 + 42,
    reconnectPeriodMs: 50,
    startTimeoutMs: 3000,
  });
  intakes.push(i);
  return i;
}

/** A handler recording what it got. */
function recorder(): { got: UplinkMessage[]; handler: UplinkHandler } {
  const got: UplinkMessage[] = [];
  return { got, handler: async (msg) => void got.push(msg) };
}

describe('UplinkIntake against a real broker', () => {
  it('hands a published uplink event to the handler, parsed, with the receive time', async () => {
    const seen: [UplinkMessage, number][] = [];
    await intake(async (msg, now) => void seen.push([msg, now])).start();
    const smoke = uplinkEvent('smk-red', 'smoke');
    await publishUplink(publisher, smoke);
    await waitFor(() => seen.length === 1);
    expect(seen[0]).toEqual([smoke, T0 + 42]);
  });

  it('sends the PUBACK only after the handler resolved', async () => {
    const order: string[] = [];
    const gate = deferred();
    const i = intake(async () => {
      order.push('handler started');
      await gate.promise;
      order.push('handler resolved');
    });
    await i.start();
    broker.broker.on('ack', (_p, client) => client.id === i.clientId && order.push('puback'));
    await publishUplink(publisher, uplinkEvent('smk-red', 'smoke'));
    await waitFor(() => order.length === 1);
    await new Promise((r) => setTimeout(r, 150));
    expect(order).toEqual(['handler started']);
    gate.resolve();
    await waitFor(() => order.length === 3);
    expect(order).toEqual(['handler started', 'handler resolved', 'puback']);
  });

  it('delivers what was published while it was stopped once it restarts with the same client id', async () => {
    const first = recorder();
    const i1 = intake(first.handler, 'alert-replica-a');
    await i1.start();
    await i1.stop();
    const missed = [uplinkEvent('smk-red', 'smoke'), uplinkReading('temp-red', { temperature: 61 })];
    for (const m of missed) await publishUplink(publisher, m);

    const second = recorder();
    await intake(second.handler, 'alert-replica-a').start();
    await waitFor(() => second.got.length === 2);
    expect(second.got).toEqual(missed);
    expect(first.got).toEqual([]);
  });

  it('acknowledges and counts malformed payloads; the next message still arrives', async () => {
    const { got, handler } = recorder();
    const i = intake(handler);
    await i.start();
    const topic = 'platform/v1/uplink/2161010001/smk-red/event';
    await publisher.publishAsync(topic, 'not json {', { qos: 1 });
    await publisher.publishAsync(topic, JSON.stringify({ ...uplinkEvent('smk-red', 'smoke'), v: 2 }), {
      qos: 1,
    });
    const good = uplinkEvent('smk-red', 'fire');
    await publishUplink(publisher, good);
    await waitFor(() => got.length === 1);
    expect(got).toEqual([good]);
    await waitFor(() => broker.acks.filter((id) => id === i.clientId).length === 3);
    expect(i.stats).toMatchObject({ received: 3, malformed: 2, handled: 1, failed: 0, deferred: 0 });
  });

  it('leaves a retryably failed message unacknowledged and gets it again after reconnecting', async () => {
    const calls: UplinkMessage[] = [];
    const i = intake(async (msg) => {
      calls.push(msg);
      if (calls.length === 1) throw new RetryableError('database down');
    });
    await i.start();
    const smoke = uplinkEvent('smk-red', 'smoke');
    await publishUplink(publisher, smoke);
    await waitFor(() => calls.length === 2);
    expect(calls).toEqual([smoke, smoke]);
    await waitFor(() => i.stats.handled === 1);
    expect(i.stats).toMatchObject({ received: 2, deferred: 1, handled: 1, failed: 0 });
  });

  it('acknowledges a message whose handler failed for good, and carries on', async () => {
    const calls: string[] = [];
    const i = intake(async (msg) => {
      calls.push(msg.kind === 'event' ? msg.type : msg.kind);
      if (calls.length === 1) throw new Error('bug');
    });
    await i.start();
    await publishUplink(publisher, uplinkEvent('smk-red', 'smoke'));
    await publishUplink(publisher, uplinkEvent('smk-red', 'fire'));
    await waitFor(() => calls.length === 2);
    await new Promise((r) => setTimeout(r, 150));
    expect(calls).toEqual(['smoke', 'fire']);
    expect(i.stats).toMatchObject({ received: 2, failed: 1, handled: 1, deferred: 0 });
  });

  it('fails start() naming MQTT_SERVICE_USERNAME when the broker refuses the credentials', async () => {
    const i = intake(async () => undefined, 'alert-test-1', 'wrong');
    await expect(i.start()).rejects.toThrow(
      /refused the service account "alert-service".*MQTT_SERVICE_USERNAME/,
    );
    expect(i.connected).toBe(false);
  });
});

describe('UplinkIntake feeding a RuleLoop', () => {
  it('an uplink smoke event at a red risk point reaches handleTriggers as a critical alert', async () => {
    const handled: Trigger[][] = [];
    const rules = new RuleLoop({
      sites: INTAKE_SITES,
      handleTriggers: (triggers) => void handled.push(triggers),
      logger: silentLogger(),
    });
    await intake((msg, now) => rules.onUplink(msg, now)).start();
    await publishUplink(publisher, uplinkEvent('smk-red', 'smoke'));
    await waitFor(() => handled.length === 1);
    expect(handled[0]).toEqual([
      expect.objectContaining({
        kind: 'alert',
        key: 'default:smoke:smk-red',
        severity: 'critical',
        at: T0 + 42,
      }),
    ]);
  });

  it('stop() waits for the message in hand and acknowledges it before disconnecting', async () => {
    const gate = deferred();
    let done = false;
    const i = intake(async () => {
      await gate.promise;
      done = true;
    });
    await i.start();
    await publishUplink(publisher, uplinkEvent('smk-red', 'smoke'));
    await waitFor(() => broker.acks.length === 0 && i.stats.received === 1);
    const stopping = i.stop();
    gate.resolve();
    await stopping;
    expect(done).toBe(true);
    expect(broker.acks.filter((id) => id === i.clientId)).toHaveLength(1);
  });
});

describe('UplinkIntake lanes (one session per lane)', () => {
  it('an alarm is handled while a backlog of readings still waits in the telemetry lane', async () => {
    const telemetryHeld = deferred();
    const handled: string[] = [];
    const alarmLane = new UplinkIntake({
      url: broker.url,
      ...SERVICE,
      clientId: 'lanes-alarms',
      subscriptions: UPLINK_ALARM_SUBSCRIPTIONS,
      handler: async (msg) => void handled.push(msg.kind),
      logger: silentLogger(),
    });
    const telemetryLane = new UplinkIntake({
      url: broker.url,
      ...SERVICE,
      clientId: 'lanes-telemetry',
      subscriptions: UPLINK_TELEMETRY_SUBSCRIPTIONS,
      handler: async (msg) => {
        await telemetryHeld.promise;
        handled.push(msg.kind);
      },
      logger: silentLogger(),
    });
    intakes.push(alarmLane, telemetryLane);
    await alarmLane.start();
    await telemetryLane.start();
    for (let i = 0; i < 200; i++)
      await publishUplink(publisher, uplinkReading('temp-red', { temperature: 20 }, T0 + i));
    await publishUplink(publisher, uplinkEvent('smk-red', 'smoke'));
    await waitFor(() => handled.includes('event'));
    expect(handled).toEqual(['event']);
    telemetryHeld.resolve();
    await waitFor(() => handled.length === 201);
    expect(alarmLane.stats.handled).toBe(1);
    expect(telemetryLane.stats.handled).toBe(200);
  });
});
