import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePorts } from './ports';
import { assertInstalled, ManagedProcess } from './processes';
import { startServer, type TestServer } from './server-handle';
import { makeTempDir } from './temp-dirs';

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
  const temp = await makeTempDir('influxd');
  const dir = temp.path;
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
  return startServer(url, temp, proc);
}
