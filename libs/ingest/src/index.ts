export * from './config/gateway-config';
export * from './config/load-sites';
export * from './gateway';
export * from './gb26875';
export * from './metrics/gateway-metrics';
export * from './sinks';
export { DirectUplink, type UplinkConsumer } from './uplink/direct-uplink';
export type { UplinkPublisher } from './uplink/uplink-publisher';
