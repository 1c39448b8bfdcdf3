#!/usr/bin/env node
// `npm test`: make sure the system services the integration tests start are installed, then run
// every Vitest project. Tests start their own servers (influxd, mosquitto …) on free loopback ports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { ALONE_SPECS } from './test-tiers.mjs';

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
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

/** One vitest run with a JSON report; its counts, or undefined when it wrote none. */
function vitest(args, report) {
  rmSync(report, { force: true });
  const result = spawnSync(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
    { stdio: 'inherit', env },
  );
  const counts = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : undefined;
  return { status: result.status ?? 1, counts };
}

const extra = process.argv.slice(2);
// With arguments (a file, a project, -t …) one run does what they say. Without, everything runs in
// parallel except the storm-latency specs, which then run alone (scripts/test-tiers.mjs).
const runs =
  extra.length > 0
    ? [vitest(extra, '.tmp/vitest-report.json')]
    : [
        vitest(
          ALONE_SPECS.map((name) => `--exclude=**/${name}`),
          '.tmp/vitest-report.json',
        ),
        vitest(
          [
            '--project',
            'test',
            '--no-file-parallelism',
            ...ALONE_SPECS.map((n) => n.replace(/\.spec\.ts$/, '')),
          ],
          '.tmp/vitest-report-alone.json',
        ),
      ];
// One plain closing line that any CI can read, whatever the runner prints.
const sum = (key) => runs.reduce((n, r) => n + (r.counts?.[key] ?? 0), 0);
if (runs.some((r) => r.counts !== undefined)) {
  console.log(
    `tests: ${sum('numPassedTests')} passed, ${sum('numFailedTests')} failed, ${sum('numPendingTests') + sum('numTodoTests')} skipped`,
  );
}
process.exit(runs.find((r) => r.status !== 0)?.status ?? 0);
