import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sitesYaml } from '@campus/test-kit';
import { buildGb26875Frame, GB26875_COMMAND, parseSites, SitesHolder } from '@campus/device-protocols';
import { loadGatewayConfig } from '../config/gateway-config';
import { startGateway, type GatewayHandle } from '../gateway';
import { Gb26875TestClient } from '../testing/gb26875-client';

const SCHOOL = '2161010001';
const sites = (panels: { id: string; address: number }[]) =>
  parseSites(
    sitesYaml({
      schools: [
        {
          code: SCHOOL,
          name: '雁塔区第一小学',
          devices: panels.map((p) => ({ ...p, kind: 'fire_alarm_panel', protocol: 'gb26875' })),
        },
      ],
    }),
    'registry (test)',
  );
/** A 心跳 (no application data) from `source`. */
const heartbeat = (serial: number, source: number) =>
  buildGb26875Frame({
    serial,
    timeLabel: { second: 0, minute: 0, hour: 0, day: 1, month: 1, year: 26 },
    source,
    destination: 0,
    command: GB26875_COMMAND.send,
    adu: new Uint8Array(0),
  });

describe('GB/T 26875.3 listener following the registry', () => {
  let dir: string;
  let gw: GatewayHandle;
  const holder = new SitesHolder(sites([{ id: 'fap-01', address: 4242 }]), 1);
  const clients: Gb26875TestClient[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-gb26875-registry-'));
    const config = loadGatewayConfig({
      PORT: '0',
      MQTT_PORT: '0',
      MQTT_WS_PORT: '0',
      DATA_DIR: dir,
      GB26875_PORT: '0',
      BATCH_MAX_AGE_MS: '20',
    });
    gw = await startGateway({ config, sites: holder, logger: pino({ level: 'silent' }), host: '127.0.0.1' });
  }, 120_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await gw?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  const panel = async () => {
    const client = await Gb26875TestClient.connect(gw.ports.gb26875!);
    clients.push(client);
    return client;
  };

  it('takes a panel added to the registry at once, and closes the link of one removed', async () => {
    const added = await panel();
    await added.send(heartbeat(1, 5151));
    expect((await added.nextReply()).command).toBe(GB26875_COMMAND.deny);

    holder.replace(
      sites([
        { id: 'fap-01', address: 4242 },
        { id: 'fap-02', address: 5151 },
      ]),
      2,
    );
    await added.send(heartbeat(2, 5151));
    expect((await added.nextReply()).command).toBe(GB26875_COMMAND.confirm);

    holder.replace(sites([{ id: 'fap-01', address: 4242 }]), 3);
    await added.closed;
    const again = await panel();
    await again.send(heartbeat(3, 5151));
    expect((await again.nextReply()).command).toBe(GB26875_COMMAND.deny);
  }, 30_000);
});
