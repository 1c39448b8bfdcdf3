import { existsSync } from 'node:fs';
import { chmod, chown, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './ports';
import { logTail, spawnLogged, stopSpawned } from './processes';
import { makeTempDir } from './temp-dirs';
import { waitFor } from './waiting';

const MOSQUITTO = '/usr/sbin/mosquitto';

export interface Mosquitto {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * A real Mosquitto on a free loopback port (or `port`, to restart one where its clients expect it),
 * anonymous access, in memory only unless `persistDir` names a folder that keeps its sessions and
 * queued messages across a restart; with `tls`, its one listener speaks TLS with that PEM
 * certificate and key (`MQTT_URL=mqtts://…`).
 */
export async function startMosquitto(
  options: {
    tls?: { cert: string; key: string };
    port?: number;
    persistDir?: string;
    /**
     * Run this configuration file as it is (e.g. `npm run broker-config` output) instead of the
     * generated one; `port` must be its listener. `secrets` are files it reads that only their
     * owner may (password file): run as root, they are handed to the mosquitto user it drops to.
     */
    config?: { file: string; secrets?: string[] };
  } = {},
): Promise<Mosquitto> {
  if (!existsSync(MOSQUITTO))
    throw new Error('mosquitto is not installed: apt-get install mosquitto mosquitto-clients');
  const temp = await makeTempDir('mosquitto');
  const dir = temp.path;
  const port = options.port ?? (await freePort());
  const conf = join(dir, 'mosquitto.conf');
  // As docs/operations.md recommends for a broker in front of gateways: no queue limit per session
  // (Mosquitto's default of 1000 drops QoS 1 messages in a burst) and a wider in-flight window.
  const settings = [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    ...(options.persistDir === undefined
      ? ['persistence false']
      : ['persistence true', `persistence_location ${options.persistDir}/`, 'autosave_interval 0']),
    'max_queued_messages 0',
    'max_inflight_messages 100',
    'log_dest stderr',
    'log_type error',
  ];
  if (options.tls) {
    // Run as root, Mosquitto drops to its own user: the files it reads must be readable by it.
    const certFile = join(dir, 'server.crt');
    const keyFile = join(dir, 'server.key');
    await writeFile(certFile, options.tls.cert, { mode: 0o644 });
    await writeFile(keyFile, options.tls.key, { mode: 0o644 });
    await chmod(dir, 0o755);
    settings.push(`certfile ${certFile}`, `keyfile ${keyFile}`);
  }
  // Run as root, Mosquitto drops to its own user: it must be able to write its persistence file.
  if (options.persistDir !== undefined) await chmod(options.persistDir, 0o777);
  if (options.config === undefined) await writeFile(conf, settings.join('\n') + '\n');
  else await handToMosquittoUser(options.config.secrets ?? []);
  const logFile = join(dir, 'mosquitto.log');
  const server = spawnLogged(MOSQUITTO, ['-c', options.config?.file ?? conf], { cwd: dir, logFile });
  const listens = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
  try {
    await waitFor(listens, {
      timeoutMs: 10_000,
      what: 'mosquitto to listen',
      giveUp: () => {
        const exit = server.exitInfo();
        return exit && `mosquitto ${exit}: ${logTail(logFile)}`;
      },
    });
  } catch (error) {
    await stopSpawned(server, 'SIGKILL', 5_000);
    await temp.remove();
    throw error;
  }
  return {
    port,
    url: `${options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    stop: async () => {
      await stopSpawned(server, 'SIGTERM', 10_000);
      await temp.remove();
    },
  };
}

/** Run as root, Mosquitto 2 reads its password file after dropping to its own user, as in production. */
async function handToMosquittoUser(files: readonly string[]): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'mosquitto'], { encoding: 'utf8' }).trim());
  const [uid, gid] = [id('-u'), id('-g')];
  for (const file of files) await chown(file, uid, gid);
}
