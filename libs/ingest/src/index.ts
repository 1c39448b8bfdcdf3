export * from './config/gateway-config';
export * from './config/load-sites';
export * from './gateway';
export * from './metrics/gateway-metrics';
export * from './sinks';
