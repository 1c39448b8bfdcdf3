export {
  startPostgres,
  createTestDatabase,
  type PostgresServer,
  type TestDatabase,
} from './postgres-harness';
export { postgresBinDir } from './postgres-binaries';
export { resetAlertingTables } from './reset-alerting';
export * from './twilio-double';
export { startRedis, type RedisServer, type StartRedisOptions } from './redis-harness';
