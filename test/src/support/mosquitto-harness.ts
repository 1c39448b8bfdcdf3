import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

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
  options: { tls?: { cert: string; key: string }; port?: number; persistDir?: string } = {},
): Promise<Mosquitto> {
  if (!existsSync(MOSQUITTO))
    throw new Error('mosquitto is not installed: apt-get install mosquitto mosquitto-clients');
  const dir = await mkdtemp(join(tmpdir(), 'campus-mosquitto-'));
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
  await writeFile(conf, settings.join('\n') + '\n');
  const child = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        if (child.exitCode !== null) throw new Error(`mosquitto exited: ${log}`);
        const socket = connect(port, '127.0.0.1', () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      }),
    { timeoutMs: 10_000, what: 'mosquitto to listen' },
  );
  return {
    port,
    url: `${options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
