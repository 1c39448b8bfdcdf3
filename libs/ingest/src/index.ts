export * from './config/gateway-config';
export * from './config/load-sites';
export * from './gateway';
export type { BrokerCommandPort } from './broker/broker-commands';
export * from './gb26875';
export {
  closeServer,
  decideMetricsAccess,
  gatewayHttpHandler,
  guardMetrics,
  handlerWhileStarting,
  isDirectLoopbackRequest,
  isLoopbackAddress,
  serverPort,
  startGatewayHttp,
  startMetricsHttp,
  type GatewayHttpHandler,
  type MetricsAccess,
} from './http/gateway-http';
export * from './metrics/gateway-metrics';
export * from './sinks';
export { DirectUplink, type UplinkConsumer } from './uplink/direct-uplink';
export type { UplinkPublisher } from './uplink/uplink-publisher';
export {
  loadClientTls,
  loadServerTls,
  TlsConfigError,
  type ClientTlsFiles,
  type ServerTlsFiles,
  type ServerTlsMaterial,
} from './broker/tls-material';
export { MqttUplink, type MqttUplinkOptions, type UplinkStatus } from './uplink/mqtt-uplink';
export type { StoredMessage } from './sinks/series-point';
export {
  GatewayRegistry,
  localRegistryAtStart,
  localRegistryPath,
  writeLocalRegistry,
  type LocalRegistry,
} from './registry/gateway-registry';
