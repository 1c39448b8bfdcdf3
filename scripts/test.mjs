#!/usr/bin/env node
// `npm test`: make sure the system services the integration tests start are installed, then run
// every Vitest project. Tests start their own servers (influxd, mosquitto …) on free loopback ports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';

/** Debian package → a file it installs that the tests run (a function where the path has a version). */
const REQUIRED = {
  influxdb: '/usr/bin/influxd',
  'victoria-metrics': '/usr/bin/victoria-metrics',
  mosquitto: '/usr/sbin/mosquitto',
  'mosquitto-clients': '/usr/bin/mosquitto_pub',
  'redis-server': '/usr/bin/redis-server',
  // the dashboard tests drive the system browser; CJK fonts so the Chinese console renders
  chromium: '/usr/bin/chromium',
  'fonts-noto-cjk': '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  // the TLS tests make their certificates with the openssl CLI
  openssl: '/usr/bin/openssl',
  postgresql: () =>
    existsSync('/usr/lib/postgresql') &&
    readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/postgres`)),
};

const missing = Object.entries(REQUIRED)
  .filter(([, probe]) => !(typeof probe === 'function' ? probe() : existsSync(probe)))
  .map(([pkg]) => pkg);

if (missing.length > 0) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `npm test needs these Debian packages: ${missing.join(' ')}\n` +
        `install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
    process.exit(1);
  }
  console.log(`installing Debian packages the tests need: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
  if (!run(['install', '-y', '--no-install-recommends', ...missing])) {
    if (!run(['update']) || !run(['install', '-y', '--no-install-recommends', ...missing])) {
      console.error(`apt-get could not install: ${missing.join(' ')}`);
      process.exit(1);
    }
  }
}

mkdirSync('.tmp', { recursive: true });
const report = '.tmp/vitest-report.json';
rmSync(report, { force: true });
const result = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } },
);
// One plain closing line that any CI can read, whatever the runner prints.
if (existsSync(report)) {
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = JSON.parse(
    readFileSync(report, 'utf8'),
  );
  console.log(
    `tests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped`,
  );
}
process.exit(result.status ?? 1);
