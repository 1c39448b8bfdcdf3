import { connect } from 'node:net';
import { freePorts, waitFor } from '@campus/test-kit';
import type { Cleanups } from './context';
import { spawnTsx, step, type ManagedChild } from './processes';

export interface BareAedesProcess {
  mqttUrl: string;
  child: ManagedChild;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The baseline: bare aedes (bench/bare-aedes-main.ts) in its own process on a free loopback port. */
export async function spawnBareAedes(cleanups: Cleanups): Promise<BareAedesProcess> {
  const [port] = (await freePorts(1)) as [number];
  const child = spawnTsx(cleanups, 'bare aedes', 'bench/bare-aedes-main.ts', {
    BARE_AEDES_PORT: String(port),
  });
  await step(
    'start the bare aedes broker',
    () => waitFor(() => accepts(port), { what: 'it to listen', timeoutMs: 30_000, intervalMs: 50 }),
    {
      timeoutMs: 31_000,
      watch: [child],
    },
  );
  return { mqttUrl: `mqtt://127.0.0.1:${port}`, child };
}
