import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './free-ports';
import { assertInstalled, ManagedProcess } from './managed-process';
import { serverHandle, type TestServer } from './server-handle';

export const VICTORIA_METRICS_BINARY = '/usr/bin/victoria-metrics';

/**
 * Starts Debian's VictoriaMetrics in a fresh temp dir on a free loopback port and resolves once
 * `/health` answers. It is the one server here that speaks InfluxDB 2's `/api/v2/write`, so the
 * sink's v2 write path is tested against it (reads go through its own `/api/v1/export`).
 * `-search.latencyOffset=0s` makes fresh samples searchable at once (the default hides the last 30 s).
 */
export async function startVictoriaMetrics(): Promise<TestServer> {
  await assertInstalled(VICTORIA_METRICS_BINARY, 'apt-get install -y victoria-metrics');
  const dir = await mkdtemp(join(tmpdir(), 'campus-vm-'));
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('freePorts(1) returned no port');
  const url = `http://127.0.0.1:${port}`;
  const proc = new ManagedProcess({
    name: 'victoria-metrics',
    binary: VICTORIA_METRICS_BINARY,
    args: [
      `-storageDataPath=${join(dir, 'data')}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      '-search.latencyOffset=0s',
      '-loggerLevel=WARN',
    ],
    cwd: dir,
    logFile: join(dir, 'server.log'),
    readyUrl: `${url}/health`,
  });
  const handle = serverHandle(url, dir, proc);
  try {
    await proc.start();
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}
