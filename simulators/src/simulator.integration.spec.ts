import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@campus/test-kit';
import type { ScenarioStep } from './scenarios/scenario';
import { startSimulator } from './simulator';
import type { SimulatorHandle } from './simulator-options';
import {
  brokerCredentials,
  handBuiltSites,
  SMALL_SCHOOL,
  TEST_SCHOOL,
  type DeviceSpec,
} from './testing/hand-built-sites';
import {
  observe,
  startTestBroker,
  type Observer,
  type ReceivedMessage,
  type TestBroker,
} from './testing/test-broker';

const OBSERVER = { username: 'observer', password: 'observer-pass' };
const silent = pino({ level: 'silent' });

/** The small school plus a device whose sites secret the broker will not accept, and one with only a hash. */
const FLEET: DeviceSpec[] = [
  ...SMALL_SCHOOL,
  { id: 'smk-badpass', kind: 'smoke_detector', secret: 'not-what-the-broker-has' },
  { id: 'smk-hashed', kind: 'smoke_detector', secretHash: 'scrypt$placeholder' },
];

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.reverse()) await close();
  cleanup = [];
});

async function setUp(
  scenario: string,
): Promise<{ broker: TestBroker; observer: Observer; handle: SimulatorHandle; steps: ScenarioStep[] }> {
  const credentials = brokerCredentials(SMALL_SCHOOL);
  credentials.set('smk-badpass', 'the-real-secret');
  credentials.set(OBSERVER.username, OBSERVER.password);
  const broker = await startTestBroker(credentials);
  cleanup.push(broker.close);
  const observer = await observe(broker.url, OBSERVER.username, OBSERVER.password, [
    'campus/#',
    'z2m-test/#',
    'frigate-test/#',
  ]);
  cleanup.push(observer.close);
  const handle = await startSimulator({
    sites: handBuiltSites(FLEET),
    url: broker.url,
    rate: 40,
    scenario,
    logger: silent,
    speed: 40,
    seed: 42,
  });
  cleanup.push(handle.stop);
  const steps: ScenarioStep[] = [];
  handle.events.on('step', (step) => steps.push(step));
  return { broker, observer, handle, steps };
}

const json = (message: ReceivedMessage): Record<string, unknown> =>
  JSON.parse(message.text) as Record<string, unknown>;
const find =
  (observer: Observer, topic: string, test: (body: Record<string, unknown>) => boolean = () => true) =>
  () =>
    observer.messages.find((m) => m.topic === topic && test(json(m)));

describe('simulator against a real aedes broker', () => {
  it('plays fire-in-lab: heat telemetry, native smoke event, Z2M smoke, Frigate fire — all authenticated', async () => {
    const { broker, observer, handle, steps } = await setUp('fire-in-lab');
    const nativeBase = `campus/v1/${TEST_SCHOOL}`;

    const smoke = await waitFor(
      find(observer, `${nativeBase}/smk-lab/event`, (b) => b['type'] === 'smoke'),
      { what: 'native smoke event', timeoutMs: 5_000 },
    );
    expect(json(smoke)).toMatchObject({ type: 'smoke', data: expect.any(Object) });
    expect(typeof json(smoke)['ts']).toBe('number');

    const hot = await waitFor(
      find(
        observer,
        `${nativeBase}/temp-lab/telemetry`,
        (b) => Number((b['metrics'] as Record<string, number>)['temperature']) >= 57,
      ),
      { what: 'temperature ≥ 57', timeoutMs: 5_000 },
    );
    expect(json(hot)['metrics']).toHaveProperty('humidity');

    const zigbeeSmoke = await waitFor(
      find(observer, 'z2m-test/lab/smoke_detector', (b) => b['smoke'] === true),
      { what: 'Z2M smoke true', timeoutMs: 5_000 },
    );
    const keys = Object.keys(json(zigbeeSmoke));
    expect(keys).toEqual([...keys].sort());

    const fire = await waitFor(
      () =>
        observer.messages.find(
          (m) =>
            m.topic === 'frigate-test/events' &&
            m.text.includes('"type": "new"') &&
            m.text.includes('"label": "fire"'),
        ),
      { what: 'Frigate fire new', timeoutMs: 5_000 },
    );
    expect(json(fire)).toMatchObject({
      type: 'new',
      after: { camera: 'lab_cam', label: 'fire', false_positive: false },
    });
    await handle.scenarioDone;
    expect(steps.map((s) => s.step)).toEqual(
      expect.arrayContaining(['heat_threshold_crossed', 'smoke_event', 'zigbee_smoke', 'frigate_fire']),
    );
    await waitFor(
      () =>
        observer.messages.find(
          (m) =>
            m.topic === 'frigate-test/events' &&
            m.text.includes('"type": "end"') &&
            m.text.includes('"label": "fire"'),
        ),
      { what: 'Frigate fire end', timeoutMs: 5_000 },
    );

    // Credentials were checked by the broker: devices and bridges in, the wrong secret out, the hash-only device never tried.
    for (const id of ['smk-lab', 'temp-lab', 'z2m-a', 'nvr-a']) expect(broker.accepted).toContain(id);
    expect(broker.refused).toEqual(new Set(['smk-badpass']));
    expect(broker.accepted).not.toContain('zsmk-lab');
    const stats = handle.stats();
    expect(stats.connections.refused).toEqual([
      { device: 'smk-badpass', reason: expect.stringMatching(/refused/i) },
    ]);
    expect(stats.skipped.map((s) => s.id)).toEqual(['smk-hashed']);
    expect(stats.published['event']).toBeGreaterThanOrEqual(1);
    expect(stats.published['frigate/events']).toBeGreaterThanOrEqual(4);

    // Birth messages: native status, Z2M bridge state and child availability, Frigate available.
    expect(find(observer, `${nativeBase}/smk-lab/status`, (b) => b['online'] === true)()).toBeDefined();
    expect(observer.messages.find((m) => m.topic === 'z2m-test/bridge/state')?.text).toBe(
      '{"state":"online"}',
    );
    expect(observer.messages.find((m) => m.topic === 'z2m-test/gate_door/availability')?.text).toBe(
      '{"state":"online"}',
    );
    expect(observer.messages.find((m) => m.topic === 'frigate-test/available')?.text).toBe('online');

    // stop(): clean disconnects (no wills), every timer cleared (nothing more arrives).
    await handle.stop();
    await waitFor(() => (broker.broker.connectedClients === 1 ? true : undefined), {
      what: 'device clients gone',
      timeoutMs: 5_000,
    });
    const count = observer.messages.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(observer.messages.length).toBe(count);
    expect(observer.messages.filter((m) => m.text === '{"online":false}' || m.text === 'offline')).toEqual(
      [],
    );
  }, 10_000);

  it('plays device-offline: the broker delivers the will {"online": false}, a Z2M child goes offline', async () => {
    const { observer, handle, steps } = await setUp('device-offline');
    const will = await waitFor(
      () => observer.messages.find((m) => m.topic.endsWith('/status') && m.text === '{"online":false}'),
      { what: 'a will message', timeoutMs: 5_000 },
    );
    const droppedDevices = (): unknown[] =>
      steps.filter((s) => s.step === 'device_dropped').map((s) => s.detail['device']);
    expect(droppedDevices()).toContain(will.topic.split('/')[3]);

    const childOffline = await waitFor(
      () =>
        observer.messages.find(
          (m) =>
            m.topic.startsWith('z2m-test/') &&
            m.topic.endsWith('/availability') &&
            m.text === '{"state":"offline"}',
        ),
      { what: 'Z2M availability offline', timeoutMs: 5_000 },
    );
    expect(['z2m-test/lab/smoke_detector/availability', 'z2m-test/gate_door/availability']).toContain(
      childOffline.topic,
    );
    await handle.scenarioDone;
    const dropped = droppedDevices();
    expect(dropped).toHaveLength(3);
    for (const device of dropped) {
      await waitFor(
        find(observer, `campus/v1/${TEST_SCHOOL}/${String(device)}/status`, (b) => b['online'] === false),
        { what: `will of ${String(device)}`, timeoutMs: 5_000 },
      );
    }
  }, 10_000);

  it('plays night-intrusion: Frigate person in a restricted zone, door_forced, door contact opening', async () => {
    const { observer, handle } = await setUp('night-intrusion');
    const person = await waitFor(
      () =>
        observer.messages.find(
          (m) =>
            m.topic === 'frigate-test/events' &&
            m.text.includes('"type": "new"') &&
            m.text.includes('"label": "person"') &&
            m.text.includes('chemical_store'),
        ),
      { what: 'Frigate person new', timeoutMs: 5_000 },
    );
    expect(json(person)).toMatchObject({
      after: { camera: 'lab_cam', current_zones: ['chemical_store'], entered_zones: ['chemical_store'] },
    });
    await waitFor(
      find(observer, `campus/v1/${TEST_SCHOOL}/acl-gate/event`, (b) => b['type'] === 'door_forced'),
      { what: 'door_forced', timeoutMs: 5_000 },
    );
    await waitFor(
      find(observer, 'z2m-test/gate_door', (b) => b['contact'] === false),
      { what: 'door opened', timeoutMs: 5_000 },
    );
    await handle.scenarioDone;
    await waitFor(
      find(observer, 'z2m-test/gate_door', (b) => b['contact'] === true),
      { what: 'door closed again', timeoutMs: 5_000 },
    );
  }, 10_000);

  it('plays flapping: one device goes offline (will) and online again, repeatedly', async () => {
    const { observer, steps } = await setUp('flapping');
    const device = await waitFor(() => steps.find((s) => s.step === 'flapping_started')?.detail['device'], {
      what: 'flapping device',
      timeoutMs: 5_000,
    });
    const statusTopic = `campus/v1/${TEST_SCHOOL}/${String(device)}/status`;
    await waitFor(
      () => {
        const states = observer.messages.filter((m) => m.topic === statusTopic).map((m) => m.text);
        return states.filter((s) => s === '{"online":false}').length >= 2 &&
          states.at(-1) === '{"online":true}'
          ? true
          : undefined;
      },
      { what: 'two offline/online cycles', timeoutMs: 5_000 },
    );
  }, 10_000);
});
