export { ALERT_BROADCASTER, type AlertBroadcaster } from './alert-broadcaster';
export { HAZARD_REPORT_BROADCASTER, type HazardReportBroadcaster } from './hazard-report-broadcaster';
export { orgRoom, roomsForAlert, roomsForUser } from './alert-rooms';
export { RealtimeGateway } from './realtime.gateway';
export { RealtimeModule } from './realtime.module';
export {
  RedisConnectError,
  RedisIoAdapter,
  redactRedisUrl,
  type RedisIoAdapterOptions,
} from './redis-io-adapter';
