import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, makeTempDir } from '@campus/test-kit';
import { spawnApp, type GatewayProcess } from './gateway-process';

export interface Gb26875Gateway {
  /** The gateway's DATA_DIR, holding `sites.yaml` too. */
  dir: string;
  httpPort: number;
  /** GB26875_PORT: where the fire-alarm transmitters connect. */
  gbPort: number;
  process: GatewayProcess;
  /** SIGKILL, then remove the dir. */
  stop(): Promise<void>;
}

/**
 * `apps/gateway` as its own process with a GB/T 26875.3 listener (docs/protocol.md), on free ports,
 * with `sitesYaml` as its sites file, in a temp dir of its own named after the spec.
 */
export async function startGb26875Gateway(name: string, sitesYaml: string): Promise<Gb26875Gateway> {
  const dir = await makeTempDir(name);
  try {
    const sitesFile = join(dir.path, 'sites.yaml');
    await writeFile(sitesFile, sitesYaml);
    const [httpPort, gbPort] = [await freePort(), await freePort()];
    const process = await spawnApp(
      'apps/gateway/src/main.ts',
      {
        PORT: String(httpPort),
        MQTT_PORT: String(await freePort()),
        MQTT_WS_PORT: String(await freePort()),
        GB26875_PORT: String(gbPort),
        DATA_DIR: dir.path,
        SITES_FILE: sitesFile,
      },
      `http://127.0.0.1:${httpPort}/api/health`,
    );
    return {
      dir: dir.path,
      httpPort,
      gbPort,
      process,
      stop: async () => {
        await process.kill('SIGKILL');
        await dir.remove();
      },
    };
  } catch (err) {
    await dir.remove();
    throw err;
  }
}
