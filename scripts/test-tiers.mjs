// The two test tiers. Integration specs start something outside the test's Node process: a server
// binary (influxd, PostgreSQL, Redis, Mosquitto, VictoriaMetrics), a browser, or another process.
// Every other spec is a unit spec — in-process listeners on loopback (a Nest app, aedes, the
// gateway) and PGlite included — and `npm run test:unit` runs it.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

/** Vitest projects that are integration as a whole (whole-system tests). */
export const INTEGRATION_PROJECTS = ['test'];

/** Integration spec files elsewhere, by file name (names are unique, so a moved file stays listed). */
export const INTEGRATION_SPECS = [
  'repositories.postgres.spec.ts', // PostgreSQL
  'registry-store.postgres.spec.ts', // PostgreSQL
  'redis-io-adapter.spec.ts', // Redis
  'tsx-runtime.spec.ts', // the alert service in a child process under tsx
  'influx-sink.spec.ts', // influxd
  'influx-sink-v2.spec.ts', // VictoriaMetrics (the InfluxDB v2 write API)
  'worker-sink.spec.ts', // a writer process killed mid-write
];

/**
 * Whole-system specs that measure latency during a storm (p99 bounds): `npm test` runs them after
 * everything else, one file at a time, so that the load of other test files running beside them
 * does not count against the platform they measure.
 */
export const ALONE_SPECS = ['login-throttling.spec.ts', 'mqtt-hardening.spec.ts'];

/** What starting a server, a browser or a process looks like in a spec. */
const STARTS_A_PROCESS =
  /\b(startPostgres|startRedis|startInfluxd|startMosquitto\w*|startVictoriaMetrics|launchChromium|launchBrowser|spawn\w*|fork)\s*\(|['"]node:child_process['"]|['"]playwright(-core)?['"]/;

/** Folders holding the projects other than the integration ones. */
const UNIT_ROOTS = ['libs', 'apps', 'simulators'];

function specFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...specFiles(path));
    else if (entry.name.endsWith('.spec.ts')) out.push(path);
  }
  return out;
}

/**
 * Why the tiers are out of date, empty when they are not: a listed name that no spec has any
 * more (renamed or deleted), or a unit spec that starts a server, a browser or a process.
 */
export function tierProblems(root) {
  const specs = UNIT_ROOTS.flatMap((d) => specFiles(join(root, d)));
  const problems = [];
  const wholeSystem = specFiles(join(root, 'test'));
  for (const name of ALONE_SPECS) {
    if (!wholeSystem.some((s) => basename(s) === name))
      problems.push(
        `${name} is listed to run alone but test/ has no such spec — update scripts/test-tiers.mjs`,
      );
  }
  for (const name of INTEGRATION_SPECS) {
    if (!specs.some((s) => basename(s) === name))
      problems.push(
        `${name} is listed as an integration spec but no such spec exists — update scripts/test-tiers.mjs`,
      );
  }
  for (const spec of specs) {
    if (INTEGRATION_SPECS.includes(basename(spec))) continue;
    if (STARTS_A_PROCESS.test(readFileSync(spec, 'utf8')))
      problems.push(
        `${relative(root, spec)} starts a server, a browser or a process — add its name to INTEGRATION_SPECS in scripts/test-tiers.mjs`,
      );
  }
  return problems;
}

/** `vitest run` arguments that leave the integration tier out. */
export function unitTierArgs() {
  return [
    ...INTEGRATION_PROJECTS.map((p) => `--project=!${p}`),
    ...INTEGRATION_SPECS.map((name) => `--exclude=**/${name}`),
  ];
}
