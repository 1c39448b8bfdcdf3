import { join } from 'node:path';
import { freePort } from './ports';
import { assertInstalled, ManagedProcess } from './processes';
import { startServer, type TestServer } from './server-handle';
import { makeTempDir } from './temp-dirs';

export const VICTORIA_METRICS_BINARY = '/usr/bin/victoria-metrics';

/**
 * Starts Debian's VictoriaMetrics in a fresh temp dir on a free loopback port and resolves once
 * `/health` answers. It is the one server here that speaks InfluxDB 2's `/api/v2/write`, so the
 * sink's v2 write path is tested against it (reads go through its own `/api/v1/export`).
 * `-search.latencyOffset=0s` makes fresh samples searchable at once (the default hides the last 30 s).
 */
export async function startVictoriaMetrics(): Promise<TestServer> {
  await assertInstalled(VICTORIA_METRICS_BINARY, 'apt-get install -y victoria-metrics');
  const temp = await makeTempDir('vm');
  const dir = temp.path;
  const port = await freePort();
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
  return startServer(url, temp, proc);
}
