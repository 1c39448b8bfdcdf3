export { Gb26875Server, type Gb26875ServerOptions } from './gb26875-server';
export { Gb26875Metrics, UNKNOWN_ADDRESS } from './gb26875-metrics';
