import type { Sites } from '@campus/device-protocols';
import type { Logger } from 'pino';
import { CameraServer } from './camera-server';

const LOCAL = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The camera servers the sites file points at on this machine: every nvr `http` and camera
 * `isapi` URL on localhost gets a CameraServer on its port (ISAPI with the user of the file and
 * the password of its `passwordEnv`, else "demo-pass"). A port taken already (another simulator,
 * a real service) is logged and left alone.
 */
export async function startLocalCameras(
  sites: Sites,
  logger: Logger,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<CameraServer[]> {
  const wanted = new Map<number, { isapi?: { username: string; password: string } }>();
  for (const device of sites.deviceById.values()) {
    for (const [raw, isapi] of [
      [device.http?.url, undefined],
      [device.isapi?.url, device.isapi],
    ] as const) {
      if (raw === undefined) continue;
      const url = new URL(raw);
      if (!LOCAL.has(url.hostname) || url.port === '') continue;
      const port = Number(url.port);
      const entry = wanted.get(port) ?? {};
      if (isapi !== undefined) {
        const password =
          (isapi.passwordEnv === undefined ? undefined : env[isapi.passwordEnv]) ?? 'demo-pass';
        entry.isapi = { username: isapi.username, password };
      }
      wanted.set(port, entry);
    }
  }
  const servers: CameraServer[] = [];
  for (const [port, entry] of wanted) {
    try {
      servers.push(await CameraServer.start({ port, clips: 'all', ...entry }));
      logger.info({ port }, 'simulated cameras serving snapshots (Frigate HTTP API, ISAPI)');
    } catch (err) {
      logger.warn({ port, err: (err as Error).message }, 'simulated cameras not started: port in use');
    }
  }
  return servers;
}
