import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSitesFile } from '@campus/device-protocols';
import { loadGatewayConfig } from '@campus/ingest';
import type { SitesDocument } from '@campus/alerting';
import { TwilioDouble } from '@campus/alerting/testing';
import { sitesYaml, waitFor, type DeviceEntry } from '@campus/test-kit';
import { startPlatform, type PlatformHandle } from './platform';

/**
 * The one-box platform following its registry (docs/registry.md, "How changes reach every
 * process"): the gateway and the alert service share one SitesHolder, which the registry replaces
 * on every version; a change through the registry takes effect in both without a restart.
 */
const SCHOOL = '6101130001';
/** A school of the province this one-box does not serve (GATEWAY_SCHOOLS). */
const OTHER_SCHOOL = '6101130002';
const COUNTY = '610113';
const SECRET = 'live-secret-0001';
const SCHOOL_PHONE = '+8613800000001';
const COUNTY_PHONE = '+8613800000002';
const NEW_COUNTY_PHONE = '+8613900000002';

type Step = { level: string; after: string; channels: string[] };
const TWO_STEPS: Step[] = [
  { level: 'school', after: '0s', channels: ['sms'] },
  { level: 'county', after: '3s', channels: ['sms'] },
];

function sites(options: {
  devices: string[];
  otherDevices?: string[];
  countyPhone?: string;
  steps?: Step[];
  secrets?: Record<string, string>;
}): SitesDocument {
  const entry = (id: string): DeviceEntry => ({
    id,
    kind: 'smoke_detector',
    secret: options.secrets?.[id] ?? SECRET,
  });
  const steps = options.steps ?? TWO_STEPS;
  return readSitesFile(
    sitesYaml({
      schools: [
        { code: SCHOOL, name: '雁塔一中', devices: options.devices.map(entry) },
        { code: OTHER_SCHOOL, name: '雁塔二中', devices: (options.otherDevices ?? []).map(entry) },
      ],
      contacts: [
        { org: SCHOOL, name: '校安全员', phone: SCHOOL_PHONE },
        { org: COUNTY, name: '区教育局值班', phone: options.countyPhone ?? COUNTY_PHONE },
      ],
      escalation: { critical: steps, high: steps, medium: steps, low: steps },
    }),
    'registry (test)',
  ).document;
}

/** The sites file a platform starts from: its parsed sites, and the document that seeds the registry. */
function seedOf(document: SitesDocument) {
  const text = JSON.stringify(document);
  const file = readSitesFile(text, 'registry (test)');
  return { sites: file.sites, seed: { document: file.document, source: 'registry (test)' } };
}

function connect(url: string, device: string, password = SECRET): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    username: device,
    password,
    clientId: `${device}-${Math.random().toString(16).slice(2, 8)}`,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
  });
}

/** The CONNACK code of a refused CONNECT (5: not authorized, 4: bad credentials). */
async function refusal(url: string, device: string, password = SECRET): Promise<number | undefined> {
  try {
    const client = await connect(url, device, password);
    await client.endAsync();
    return undefined;
  } catch (err) {
    return (err as { code?: number }).code;
  }
}

describe('one-box platform: registry changes take effect at once', () => {
  let dataDir: string;
  let twilio: TwilioDouble;
  let platform: PlatformHandle;
  let url: string;

  /** A change through the registry's one write path; resolves once the platform's sites have it. */
  const change = async (document: SitesDocument): Promise<void> => {
    const commit = await platform.alerting.registry.mutate(
      { kind: 'system', what: 'cli' },
      'test',
      () => document,
    );
    await waitFor(() => platform.gateway.source.version >= commit.version, {
      what: `registry version ${commit.version}`,
    });
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'campus-registry-live-'));
    twilio = await TwilioDouble.start();
    const env = {
      PORT: '0',
      MQTT_PORT: '0',
      MQTT_WS_PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      GATEWAY_SCHOOLS: SCHOOL,
      JWT_SECRET: 'registry-live-secret-registry-live',
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: '+15550000000',
      TWILIO_API_URL: twilio.url,
    };
    platform = await startPlatform({
      config: loadGatewayConfig(env),
      ...seedOf(sites({ devices: ['smk-live-1', 'smk-live-2'] })),
      logger: pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }),
      simulate: false,
      env,
    });
    url = `mqtt://127.0.0.1:${platform.ports.mqtt}`;
  }, 60_000);

  afterAll(async () => {
    await platform?.stop();
    await twilio?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('admits a device added to the registry with its secret, without a restart', async () => {
    expect(await refusal(url, 'smk-live-3')).toBe(4); // unknown: refused as a bad login
    await change(
      sites({ devices: ['smk-live-1', 'smk-live-2', 'smk-live-3'], otherDevices: ['smk-other-1'] }),
    );
    const client = await connect(url, 'smk-live-3');
    expect(client.connected).toBe(true);
    await client.endAsync();
    // a device added to a school this gateway does not serve stays refused
    expect(await refusal(url, 'smk-other-1')).toBe(5);
  });

  it('disconnects a removed device and refuses it after', async () => {
    const client = await connect(url, 'smk-live-2');
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await change(sites({ devices: ['smk-live-1', 'smk-live-3'] }));
    await closed;
    expect(await refusal(url, 'smk-live-2')).toBe(4); // as any unknown login
    client.end(true);
  });

  it('a changed secret takes effect at the next CONNECT', async () => {
    const client = await connect(url, 'smk-live-3');
    const rotated = sites({
      devices: ['smk-live-1', 'smk-live-3'],
      secrets: { 'smk-live-3': 'rotated-secret-3' },
    });
    await change(rotated);
    expect(client.connected).toBe(true); // the live session is not cut for a new secret
    await client.endAsync();
    expect(await refusal(url, 'smk-live-3', SECRET)).toBe(4);
    const again = await connect(url, 'smk-live-3', 'rotated-secret-3');
    await again.endAsync();
    await change(sites({ devices: ['smk-live-1', 'smk-live-3'] }));
  });

  it("pages a contact's new phone at the next step, and an open alert keeps the steps it opened with", async () => {
    const device = await connect(url, 'smk-live-1');
    await device.publishAsync(`campus/v1/${SCHOOL}/smk-live-1/event`, JSON.stringify({ type: 'smoke' }), {
      qos: 1,
    });
    await twilio.waitFor((requests) => requests.some((r) => r.to === SCHOOL_PHONE), 10_000);
    // the county official's phone changes, and so does the policy: new alerts page the school only
    await change(
      sites({
        devices: ['smk-live-1', 'smk-live-3'],
        countyPhone: NEW_COUNTY_PHONE,
        steps: [{ level: 'school', after: '0s', channels: ['sms'] }],
      }),
    );
    const requests = await twilio.waitFor((r) => r.some((x) => x.to === NEW_COUNTY_PHONE), 15_000);
    expect(requests.some((r) => r.to === COUNTY_PHONE)).toBe(false);
    await device.endAsync();
  });
});
