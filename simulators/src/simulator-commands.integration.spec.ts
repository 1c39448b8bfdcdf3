import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@campus/test-kit';
import { startSimulator } from './simulator';
import { brokerCredentials, handBuiltSites, TEST_SCHOOL, type DeviceSpec } from './testing/hand-built-sites';
import { observe, startTestBroker } from './testing/test-broker';

const SECRET = 'test-secret';
const FLEET: DeviceSpec[] = [
  { id: 'siren-native', kind: 'siren', secret: SECRET },
  { id: 'z2m-a', kind: 'zigbee_bridge', protocol: 'zigbee2mqtt', baseTopic: 'z2m-test', secret: SECRET },
  { id: 'siren-zb', kind: 'siren', protocol: 'zigbee2mqtt', via: { bridge: 'z2m-a', name: 'lab_siren' } },
];
const OBSERVER = { username: 'observer', password: 'observer-pass' };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.reverse()) await close();
  cleanup = [];
});

describe('simulated actuators answer commands (the demo’s linkage works end to end)', () => {
  it('a native siren acks its command by id; a Zigbee2MQTT bridge answers a set with the device’s state', async () => {
    const credentials = brokerCredentials(FLEET);
    credentials.set(OBSERVER.username, OBSERVER.password);
    const broker = await startTestBroker(credentials);
    cleanup.push(broker.close);
    const observer = await observe(broker.url, OBSERVER.username, OBSERVER.password, [
      `campus/v1/${TEST_SCHOOL}/siren-native/command/ack`,
      'z2m-test/lab_siren',
    ]);
    cleanup.push(observer.close);
    const handle = await startSimulator({
      sites: handBuiltSites(FLEET),
      url: broker.url,
      rate: 0, // no periodic telemetry: a state message on the siren's topic is the answer to the set
      scenario: 'normal',
      logger: pino({ level: 'silent' }),
      seed: 7,
    });
    cleanup.push(handle.stop);

    const command = JSON.stringify({
      id: 'cmd-1',
      command: 'sound',
      params: { mode: 'fire' },
      at: Date.now(),
    });
    const ack = await waitFor(
      async () => {
        await observer.client.publishAsync(`campus/v1/${TEST_SCHOOL}/siren-native/command`, command, {
          qos: 1,
        });
        return observer.messages.find((m) => m.topic.endsWith('/command/ack'));
      },
      { what: 'the native siren’s ack', intervalMs: 200 },
    );
    expect(JSON.parse(ack.text)).toEqual({ id: 'cmd-1', ok: true });

    const states = () => observer.messages.filter((m) => m.topic === 'z2m-test/lab_siren').length;
    const before = states();
    await waitFor(
      async () => {
        await observer.client.publishAsync(
          'z2m-test/lab_siren/set',
          JSON.stringify({ warning: { mode: 'fire', level: 'very_high', strobe: true, duration: 120 } }),
          { qos: 1 },
        );
        return states() > before;
      },
      { what: 'the siren’s state after the set', intervalMs: 200 },
    );
  });
});
