import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './free-ports';
import { assertInstalled, ManagedProcess } from './managed-process';
import { serverHandle, type TestServer } from './server-handle';

export type { TestServer } from './server-handle';
export { startVictoriaMetrics } from './victoria-metrics-harness';

export const INFLUXD_BINARY = '/usr/bin/influxd';

function influxdConfig(dir: string, httpPort: number, rpcPort: number): string {
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = "${join(dir, 'meta')}"
  logging-enabled = false

[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false

[monitor]
  store-enabled = false

[subscriber]
  enabled = false

[http]
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
  pprof-enabled = false
  max-row-limit = 0

[continuous_queries]
  log-enabled = false

[logging]
  level = "warn"
  suppress-logo = true
`;
}

/**
 * Starts Debian's InfluxDB 1.6 (`influxd`) in a fresh temp dir on two free loopback ports (HTTP and
 * the RPC `bind-address`), with reporting, the HTTP log and the query log off, and resolves once
 * `/ping` answers. Call `stop()` when done: it also removes the temp dir.
 */
export async function startInfluxd(): Promise<TestServer> {
  await assertInstalled(INFLUXD_BINARY, 'apt-get install influxdb');
  const dir = await mkdtemp(join(tmpdir(), 'campus-influxd-'));
  const [httpPort, rpcPort] = await freePorts(2);
  if (httpPort === undefined || rpcPort === undefined) throw new Error('freePorts(2) returned too few ports');
  await mkdir(join(dir, 'data'));
  const configFile = join(dir, 'influxd.conf');
  await writeFile(configFile, influxdConfig(dir, httpPort, rpcPort));
  const url = `http://127.0.0.1:${httpPort}`;
  const proc = new ManagedProcess({
    name: 'influxd',
    binary: INFLUXD_BINARY,
    args: ['-config', configFile],
    cwd: dir,
    logFile: join(dir, 'server.log'),
    readyUrl: `${url}/ping`,
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
