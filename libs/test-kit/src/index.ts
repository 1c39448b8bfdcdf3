// Generic test support (docs/architecture.md, test tiers): ports, waiting, temp dirs, managed
// processes, server harnesses and the sites-file builder. Each lib's own fixtures, contract
// suites and doubles stay in its `src/testing/`.
export { freePort, freePorts } from './ports';
export { waitFor, type WaitOptions } from './waiting';
export { makeTempDir, removeAtExit, type TempDir } from './temp-dirs';
export {
  assertInstalled,
  cLocaleEnv,
  logTail,
  ManagedProcess,
  runLogged,
  spawnLogged,
  stopSpawned,
  type ManagedProcessOptions,
  type RunAs,
  type Spawned,
  type SpawnLoggedOptions,
} from './processes';
export { serverHandle, startServer, type TestServer } from './server-handle';
export { startInfluxd, INFLUXD_BINARY } from './influxd';
export { startVictoriaMetrics, VICTORIA_METRICS_BINARY } from './victoria-metrics';
export { startPostgres, createTestDatabase, type PostgresServer, type TestDatabase } from './postgres';
export { postgresBinDir, postgresRunAs } from './postgres-binaries';
export { startRedis, type RedisServer, type StartRedisOptions } from './redis';
export { startMosquitto, type Mosquitto } from './mosquitto';
export { httpsJson, makeTestCerts, startMosquittoTls, type TestCert, type TestCerts } from './tls-certs';
export { CHROMIUM, CHROMIUM_ARGS, launchChromium } from './chromium';
export {
  BAOJI,
  hashSecretOffLoop,
  PRODUCTION_SCRYPT,
  PROVINCE,
  sitesYaml,
  WEIBIN,
  WEIYANG,
  writeSitesFile,
  XIAN,
  YANTA,
  type CityRef,
  type CountyRef,
  type DeviceEntry,
  type SchoolEntry,
  type ScryptCost,
  type SitesSpec,
} from './sites-file';
