import { readFileSync } from 'node:fs';
import {
  DECODERS,
  DEMO_SITES_PATH,
  NATIVE_TOPIC_ROOT,
  PROTOCOLS,
  parseSites,
  type Device,
  type MqttProtocol,
} from '@campus/device-protocols';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MessageRouter } from './message-router';

// The demo province declares devices of every protocol.
const sites = parseSites(readFileSync(DEMO_SITES_PATH, 'utf8'), 'demo');
const MAX_BYTES = 64 * 1024;
const NOW = Date.UTC(2026, 0, 5, 2, 0, 0);

/** A device publishing in `protocol` (a native device, or a bridge) and a topic of it. */
function publisherOf(protocol: MqttProtocol): { device: Device; topic: string; subtopic: string } {
  const device = sites.devices.find(
    (d) => d.protocol === protocol && (protocol === 'native' ? (d.secret ?? d.secretHash) : d.baseTopic),
  );
  if (!device) throw new Error(`the demo sites file has no ${protocol} publisher`);
  return protocol === 'native'
    ? {
        device,
        topic: `${NATIVE_TOPIC_ROOT}/${device.org.school}/${device.id}/telemetry`,
        subtopic: 'telemetry',
      }
    : { device, topic: `${device.baseTopic}/available`, subtopic: 'available' };
}

describe('MessageRouter reads the DECODERS table', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('has a decoder for every protocol but the TCP one (gb26875)', () => {
    expect(Object.keys(DECODERS).sort()).toEqual(PROTOCOLS.filter((p) => p !== 'gb26875').sort());
  });

  it.each(Object.keys(DECODERS) as MqttProtocol[])('%s: its topics go to its table entry', (protocol) => {
    const spies = Object.fromEntries(
      (Object.keys(DECODERS) as MqttProtocol[]).map((p) => [p, vi.spyOn(DECODERS, p)]),
    );
    const { device, topic, subtopic } = publisherOf(protocol);
    const router = new MessageRouter(sites, MAX_BYTES);
    const outcome = router.route(topic, new TextEncoder().encode('{}'), NOW);
    expect(outcome).toMatchObject({ protocol });
    for (const [p, spy] of Object.entries(spies)) expect(spy).toHaveBeenCalledTimes(p === protocol ? 1 : 0);
    expect(spies[protocol]).toHaveBeenCalledWith(
      device,
      subtopic,
      expect.any(Uint8Array),
      expect.anything(),
      MAX_BYTES,
    );
  });
});
