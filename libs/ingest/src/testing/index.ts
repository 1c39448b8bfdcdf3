export { startInfluxd, INFLUXD_BINARY, type TestServer } from './influxd-harness';
export { startVictoriaMetrics, VICTORIA_METRICS_BINARY } from './victoria-metrics-harness';
export { freePorts } from './free-ports';
export { Gb26875TestClient } from './gb26875-client';
export { floodGb26875, type Gb26875Flood } from './gb26875-flood';
