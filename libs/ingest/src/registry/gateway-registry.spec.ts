import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentForGateway, readSitesFile, SitesHolder } from '@campus/device-protocols';
import { makeTempDir, sitesYaml, type TempDir } from '@campus/test-kit';
import { GatewayRegistry, localRegistryAtStart, localRegistryPath } from './gateway-registry';

const logger = pino({ level: 'silent' });

function fileWith(devices: string[]) {
  return readSitesFile(
    sitesYaml({
      schools: [
        {
          code: '6101130001',
          name: '一中',
          devices: devices.map((id) => ({ id, kind: 'smoke_detector', secret: 'feed-secret-1' })),
        },
      ],
      gateways: [{ id: 'gw-a', schools: ['6101130001'] }],
    }),
    'test',
  );
}

const message = (version: number, devices: string[], gateway = 'gw-a') =>
  Buffer.from(
    JSON.stringify({
      v: 1,
      version,
      gateway,
      document: documentForGateway(fileWith(devices).document, 'gw-a'),
    }),
  );

describe('GatewayRegistry (an edge gateway following the registry feed)', () => {
  let dir: TempDir;
  let holder: SitesHolder;
  let registry: GatewayRegistry;

  beforeEach(async () => {
    dir = await makeTempDir('gateway-registry');
    holder = new SitesHolder(fileWith(['smk-1']).sites);
    registry = new GatewayRegistry({ holder, gatewayId: 'gw-a', dataDir: dir.path, logger });
  });
  afterEach(() => dir.remove());

  it('replaces the sites with a newer version and keeps it on disk', async () => {
    await registry.receive(message(3, ['smk-1', 'smk-2']));
    expect(holder.version).toBe(3);
    expect(holder.current.deviceById.has('smk-2')).toBe(true);
    const started = await localRegistryAtStart(dir.path, undefined, logger);
    expect(started?.version).toBe(3);
    expect(started?.sites.deviceById.has('smk-2')).toBe(true);
  });

  it("ignores a repeat or an older version, and refuses another gateway's part or an invalid document", async () => {
    await registry.receive(message(3, ['smk-1', 'smk-2']));
    await registry.receive(message(2, ['smk-1']));
    await registry.receive(message(4, ['smk-9'], 'gw-b'));
    await registry.receive(
      Buffer.from(JSON.stringify({ v: 1, version: 5, gateway: 'gw-a', document: { cities: 1 } })),
    );
    await registry.receive(Buffer.from('not json'));
    expect(holder.version).toBe(3);
    expect(holder.current.deviceById.has('smk-2')).toBe(true);
  });

  it('starts from the local copy only when it is newer than SITES_FILE', async () => {
    await registry.receive(message(3, ['smk-1', 'smk-2']));
    const sitesFile = join(dir.path, 'sites.yaml');
    await writeFile(sitesFile, 'edited later');
    const copy = localRegistryPath(dir.path);
    const now = Date.now() / 1000;
    await utimes(copy, now - 60, now - 60);
    expect(await localRegistryAtStart(dir.path, sitesFile, logger)).toBeUndefined();
    await utimes(sitesFile, now - 120, now - 120);
    expect((await localRegistryAtStart(dir.path, sitesFile, logger))?.version).toBe(3);
  });
});
