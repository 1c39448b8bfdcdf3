import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Counter } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { sitesYaml, type DeviceEntry } from '@campus/test-kit';
import { buildGb26875Frame, parseSites } from '@campus/device-protocols';
import { ConfigError, loadGatewayConfig } from '../config/gateway-config';
import { startGateway } from '../gateway';
import { Gb26875TestClient } from '../testing/gb26875-client';
import { DirectUplink } from '../uplink/direct-uplink';

const SITES = (panel: DeviceEntry) =>
  sitesYaml({ schools: [{ code: '2161010001', name: '雁塔区第一小学', devices: [panel] }] });

describe('GB26875_ALLOW_FROM', () => {
  it('is a comma-separated list of addresses and networks; absent or empty means none', () => {
    expect(loadGatewayConfig({ GB26875_PORT: '9000' }).gb26875).not.toHaveProperty('allowFrom');
    expect(loadGatewayConfig({ GB26875_PORT: '9000', GB26875_ALLOW_FROM: ' ' }).gb26875).not.toHaveProperty(
      'allowFrom',
    );
    expect(
      loadGatewayConfig({ GB26875_PORT: '9000', GB26875_ALLOW_FROM: '10.20.0.0/16, 192.0.2.7,fd00::/8' })
        .gb26875,
    ).toEqual({ port: 9000, idleTimeoutMs: 180_000, allowFrom: ['10.20.0.0/16', '192.0.2.7', 'fd00::/8'] });
  });

  it.each([
    [
      '10.20.0.0/33',
      /GB26875_ALLOW_FROM: "10.20.0.0\/33": the prefix length .* 0 to 32 \(a comma-separated list\)/,
    ],
    ['10.20.0.0/16 192.0.2.7', /"10.20.0.0\/16 192.0.2.7": the prefix length/],
    ['gateway.local', /"gateway.local" is not an IPv4 or IPv6 address or CIDR network/],
    ['10.20.3.4/16', /write the network "10.20.0.0\/16"/],
  ])('refuses %s with one line naming the variable', (value, message) => {
    expect(() => loadGatewayConfig({ GB26875_PORT: '9000', GB26875_ALLOW_FROM: value })).toThrow(ConfigError);
    expect(() => loadGatewayConfig({ GB26875_PORT: '9000', GB26875_ALLOW_FROM: value })).toThrow(message);
  });

  it('reaches the listener: a panel without allowFrom takes its networks, and this host is no longer let in', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'campus-gb26875-allow-env-'));
    const config = loadGatewayConfig({
      PORT: '0',
      MQTT_PORT: '0',
      MQTT_WS_PORT: '0',
      DATA_DIR: dir,
      GB26875_PORT: '0',
      GB26875_ALLOW_FROM: '10.99.0.0/16',
    });
    const sites = parseSites(
      SITES({ id: 'fap-1', kind: 'fire_alarm_panel', protocol: 'gb26875', address: 7001 }),
      'x',
    );
    const gw = await startGateway({
      config,
      sites,
      logger: pino({ level: 'silent' }),
      host: '127.0.0.1',
      uplink: new DirectUplink(),
    });
    try {
      const peer = await Gb26875TestClient.connect(gw.ports.gb26875!);
      await peer
        .send(
          buildGb26875Frame({
            serial: 1,
            timeLabel: { second: 0, minute: 0, hour: 8, day: 1, month: 3, year: 24 },
            source: 7001,
            destination: 1,
            command: 2,
          }),
        )
        .catch(() => undefined); // the gateway may already have hung up
      await peer.closed;
      expect(peer.unread).toBe(0);
      const refused = await gw.metrics.refused.get();
      expect(refused.values.find((v) => v.labels['reason'] === 'connection_not_allowed')?.value).toBe(1);
      const closed = gw.metrics.registry.getSingleMetric(
        'campus_gb26875_connections_closed_total',
      ) as Counter<string>;
      expect(
        (await closed.get()).values.find((v) => v.labels['reason'] === 'connection_not_allowed')?.value,
      ).toBe(1);
    } finally {
      await gw.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
