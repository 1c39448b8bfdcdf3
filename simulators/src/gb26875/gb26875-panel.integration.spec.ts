import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeGb26875Frame, type Device } from '@campus/device-protocols';
import { waitFor } from '@campus/test-kit';
import type { SimulatorRuntime } from '../devices/simulator-runtime';
import { PublishStats } from '../mqtt/publish-stats';
import { TestCentre } from '../testing/gb26875-centre';
import { handBuiltSites } from '../testing/hand-built-sites';
import { createRng } from '../util/random';
import { Gb26875PanelSimulator } from './gb26875-panel';

const sites = handBuiltSites([
  { id: 'fap-1', kind: 'fire_alarm_panel', protocol: 'gb26875', address: 0x0a0b0c },
]);
const panelDevice: Device = sites.deviceById.get('fap-1')!;

function runtime(): SimulatorRuntime {
  return {
    url: 'mqtt://127.0.0.1:1',
    stats: new PublishStats(),
    logger: pino({ level: 'silent' }),
    rng: createRng(1),
    now: Date.now,
    onRefused: () => undefined,
  };
}

describe('a simulated GB/T 26875.3 fire-alarm panel against a real TCP centre', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setUp() {
    const centre = await TestCentre.start();
    cleanups.push(() => centre.stop());
    const rt = runtime();
    const panel = new Gb26875PanelSimulator(
      panelDevice,
      { host: '127.0.0.1', port: centre.port },
      rt,
      'Asia/Shanghai',
    );
    cleanups.push(() => panel.close());
    return { centre, panel, rt };
  }

  it('connects with a confirmed heartbeat from its address, serial 0', async () => {
    const { centre, panel, rt } = await setUp();
    await panel.connect();
    expect(panel.isOnline).toBe(true);
    expect(centre.frames[0]).toMatchObject({ source: 0x0a0b0c, serial: 0, command: 2, aduLength: 0 });
    expect(rt.stats.snapshot().published).toEqual({ 'gb26875/heartbeat': 1 });
  });

  it('uploads a smoke alarm that decodes to a smoke event for the panel, at the current local time', async () => {
    const { centre, panel } = await setUp();
    await panel.connect();
    const before = Math.floor(Date.now() / 1000) * 1000;
    expect(await panel.raiseSmokeAlarm(2, 10, 'lab smoke detector')).toBe(true);
    const frame = centre.frames.at(-1)!;
    expect(frame.serial).toBe(1);
    const decoded = decodeGb26875Frame(panelDevice, frame, { now: Date.now(), timeZone: 'Asia/Shanghai' });
    expect(decoded.ok && decoded.messages).toEqual([
      expect.objectContaining({
        kind: 'event',
        device: 'fap-1',
        type: 'smoke',
        data: expect.objectContaining({
          zone: 2,
          position: 10,
          description: 'lab smoke detector',
          componentType: 42,
        }),
      }),
    ]);
    const ts = decoded.ok ? decoded.messages[0]!.ts : 0;
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(Date.now());
  });

  it('resends a denied frame with the same serial, and reconnects after the centre drops it', async () => {
    const { centre, panel } = await setUp();
    await panel.connect();
    centre.denyNext = 1;
    expect(await panel.reportMainPowerFault()).toBe(true);
    const uploads = centre.frames.filter((f) => f.aduLength > 0);
    expect(uploads.map((f) => f.serial)).toEqual([1, 1]);

    const seen = centre.frames.length;
    centre.dropConnections();
    await waitFor(() => centre.frames.length > seen && panel.isOnline, {
      what: 'a new connection with a heartbeat',
    });
    expect(centre.frames.at(-1)).toMatchObject({ serial: 0, aduLength: 0 });
  });

  it('starts without a centre and reports itself offline', async () => {
    const centre = await TestCentre.start();
    const port = centre.port;
    await centre.stop();
    const panel = new Gb26875PanelSimulator(
      panelDevice,
      { host: '127.0.0.1', port },
      runtime(),
      'Asia/Shanghai',
    );
    cleanups.push(() => panel.close());
    await panel.connect();
    expect(panel.isOnline).toBe(false);
    expect(await panel.raiseSmokeAlarm(1, 1)).toBe(false);
  });
});
