import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGb26875Frame, toGb26875Frame } from '@campus/device-protocols';
import { WorkerTimeSeriesSink } from '@campus/ingest';
import { Gb26875TestClient } from '@campus/ingest/testing';
import { sitesYaml, waitFor } from '@campus/test-kit';
import { startGb26875Gateway, type Gb26875Gateway } from './testing/gb26875-gateway';
import type { GatewayProcess } from './testing/gateway-process';
import { fetchMetrics, metricValue } from './testing/metrics-reader';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCHOOL = '2161010001';
/** The panel's address in this test's sites file (the published example frame comes from 889). */
const PANEL_ADDRESS = 0x12345678;
const SITES = sitesYaml({
  schools: [
    {
      code: SCHOOL,
      name: '雁塔区第一小学',
      devices: [
        { id: 'fap-01', kind: 'fire_alarm_panel', protocol: 'gb26875', address: PANEL_ADDRESS, risk: 'red' },
      ],
    },
  ],
});
/** GB/T 26875.3 worked example: 2号10区 感烟探测器 火警, 2012-09-26 09:58:02 (serial 1, from 889). */
const FIRE_ALARM = toGb26875Frame(
  Uint8Array.from(
    (
      '40 40 01 00 01 01 20 3A 09 1A 09 0C 79 03 00 00 00 00 38 5B 01 00 00 00 30 00 02 02 01 01 01 28 0A 00 02 00 02 00 ' +
      `${'20 '.repeat(30)}00 02 3A 09 1A 09 0C 46 23 23`
    )
      .split(' ')
      .map((h) => parseInt(h, 16)),
  ),
);
/** 09:58:02 in Asia/Shanghai (UTC+8). */
const EVENT_TS = Date.UTC(2012, 8, 26, 1, 58, 2);

describe('apps/gateway with GB26875_PORT: a fire-alarm transmitter over TCP', () => {
  let dir: string;
  let gateway: GatewayProcess | undefined;
  let httpPort: number;
  let gbPort: number;
  let run: Gb26875Gateway | undefined;

  beforeAll(async () => {
    run = await startGb26875Gateway('gb26875-e2e', SITES);
    ({ dir, httpPort, gbPort, process: gateway } = run);
  });
  afterAll(async () => {
    await run?.stop();
  });

  it('warns at start that a panel without allowFrom is accepted from this host only', async () => {
    // fap-01 has no allowFrom and GB26875_ALLOW_FROM is unset: the loopback default, named in the log.
    // The log is written asynchronously: it may reach the pipe after /api/health first answered.
    await waitFor(() => gateway!.output().includes('have no allowFrom'), {
      what: 'the start-up warning about panels without allowFrom',
    });
    expect(gateway!.output()).toMatch(
      /1 gb26875 panel\(s\) have no allowFrom and GB26875_ALLOW_FROM is unset: they are accepted from this host only/,
    );
    expect(gateway!.output()).toContain('"panels":["fap-01"]');
  });

  it('answers the fire alarm 确认 once stored; the smoke event is in the gateway store after SIGKILL', async () => {
    const panel = await Gb26875TestClient.connect(gbPort);
    await panel.send(buildGb26875Frame({ ...FIRE_ALARM, source: PANEL_ADDRESS }));
    const reply = await panel.nextReply();
    expect(reply).toMatchObject({
      command: 3,
      serial: 1,
      source: 88888,
      destination: PANEL_ADDRESS,
      aduLength: 0,
    });

    const page = await fetchMetrics(httpPort);
    expect(metricValue(page, 'campus_gb26875_frames_total', { command: '2' })).toBe(1);
    expect(metricValue(page, 'campus_gb26875_replies_total', { reply: 'confirm' })).toBe(1);
    expect(metricValue(page, 'campus_gb26875_connections')).toBe(1);
    expect(metricValue(page, 'campus_messages_decoded_total', { protocol: 'gb26875', kind: 'event' })).toBe(
      1,
    );

    // 确认 means durable: a crash right after it loses nothing. Read the gateway's own store back.
    await gateway!.kill('SIGKILL');
    await panel.closed;
    const sink = await WorkerTimeSeriesSink.open(join(dir, 'timeseries'));
    try {
      const events = await sink.queryEvents({ device: 'fap-01', from: EVENT_TS, to: EVENT_TS });
      expect(events).toEqual([
        {
          ts: EVENT_TS,
          device: 'fap-01',
          school: SCHOOL,
          type: 'smoke',
          data: expect.objectContaining({
            componentType: 40,
            zone: 10,
            position: 2,
            deviceTime: '2012-09-26 09:58:02',
          }),
        },
      ]);
      const status = await sink.queryStatus({ device: 'fap-01', from: 0, to: Date.now() });
      expect(status.map((s) => s.online)).toEqual([true]);
    } finally {
      await sink.close();
    }
  });

  it('refuses a GB26875_PORT that is no port with one clear line', async () => {
    const result = await promisify(execFile)(`${ROOT}node_modules/.bin/tsx`, ['apps/gateway/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        MQTT_PORT: '0',
        MQTT_WS_PORT: '0',
        DATA_DIR: dir,
        GB26875_PORT: 'fire',
      },
      timeout: 30_000,
    }).then(
      () => ({ code: 0, output: '' }),
      (err: { code?: number; stdout?: string; stderr?: string }) => ({
        code: err.code ?? -1,
        output: `${err.stdout ?? ''}${err.stderr ?? ''}`,
      }),
    );
    expect(result.code).toBe(1);
    expect(result.output).toMatch(
      /GB26875_PORT: expected a TCP port 0–65535, or unset to turn the listener off; got \\?"fire/,
    );
    expect(result.output).not.toMatch(/\n\s+at /);
  });
});
