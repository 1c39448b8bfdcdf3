export { Gb26875Server, type Gb26875ServerOptions } from './gb26875-server';
export {
  Gb26875Metrics,
  UNKNOWN_ADDRESS,
  PEER_NOT_ALLOWED,
  CONNECTION_NOT_ALLOWED,
  GB26875_CLOSE_REASONS,
  type Gb26875CloseReason,
} from './gb26875-metrics';
export { DEFAULT_GB26875_LIMITS, type Gb26875Limits } from './gb26875-limits';
