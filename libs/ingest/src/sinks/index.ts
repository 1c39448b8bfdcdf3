export * from './series-point';
export * from './time-series-sink';
export { EmbeddedTimeSeriesSink } from './embedded-sink';
export { EMBEDDED_SCHEMA_SQL } from './embedded-schema';
export { WorkerTimeSeriesSink, SQLITE_FILE } from './worker-sink';
export { startTypeScriptWorker, typeScriptWorkerData } from './ts-worker';
export { InfluxTimeSeriesSink, RETENTION_POLICY, type InfluxSinkConfig } from './influx-sink';
export { influxMode, checkInfluxConfig } from './influx-config';
export { quoteIdent, quoteString } from './influxql';
