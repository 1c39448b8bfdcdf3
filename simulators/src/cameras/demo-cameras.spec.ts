import { createServer } from 'node:net';
import { parseSites } from '@campus/device-protocols';
import { freePort, sitesYaml } from '@campus/test-kit';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { CameraServer } from './camera-server';
import { startLocalCameras } from './demo-cameras';

const sitesWith = (nvrUrl: string, isapiUrl: string) =>
  parseSites(
    sitesYaml({
      schools: [
        {
          code: '2161010001',
          name: '一小',
          devices: [
            { id: 'nvr-1', kind: 'nvr', protocol: 'frigate', secret: 's', http: { url: nvrUrl } },
            {
              id: 'nvr-2',
              kind: 'nvr',
              protocol: 'frigate',
              secret: 's',
              baseTopic: 'frigate-2',
              http: { url: 'http://10.9.9.9:5000' },
            },
            {
              id: 'cam-hik',
              kind: 'camera',
              isapi: { url: isapiUrl, username: 'admin', passwordEnv: 'CAM_PW' },
            },
          ],
        },
      ],
    }),
    'test',
  );

describe('startLocalCameras', () => {
  let servers: CameraServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });

  it('serves the pictures the sites file points at on this machine, and nothing elsewhere', async () => {
    const [nvrPort, isapiPort] = [await freePort(), await freePort()];
    servers = await startLocalCameras(
      sitesWith(`http://127.0.0.1:${nvrPort}`, `http://localhost:${isapiPort}`),
      pino({ level: 'silent' }),
      { CAM_PW: 'pw-1' },
    );
    expect(servers.map((s) => s.url).sort()).toEqual(
      [`http://127.0.0.1:${nvrPort}`, `http://127.0.0.1:${isapiPort}`].sort(),
    );
    const latest = await fetch(`http://127.0.0.1:${nvrPort}/api/gate/latest.jpg`);
    expect(latest.headers.get('content-type')).toBe('image/jpeg');
    expect([...new Uint8Array(await latest.arrayBuffer()).subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    // ISAPI wants digest credentials
    const picture = await fetch(`http://127.0.0.1:${isapiPort}/ISAPI/Streaming/channels/101/picture`);
    expect(picture.status).toBe(401);
    expect(picture.headers.get('www-authenticate')).toMatch(/^Digest realm=/);
  });

  it('leaves a port that is taken alone and goes on', async () => {
    const port = await freePort();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    try {
      const warnings: unknown[] = [];
      const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
      servers = await startLocalCameras(sitesWith(`http://127.0.0.1:${port}`, 'http://10.0.0.2'), logger);
      expect(servers).toEqual([]);
      expect(warnings).toEqual([
        expect.objectContaining({ port, msg: 'simulated cameras not started: port in use' }),
      ]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
