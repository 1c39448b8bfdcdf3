import type { StoredMessage } from '../sinks/series-point';

/** Forwards decoded messages to the alert service (QoS 1 on platform/v1/uplink/…). */
export interface UplinkPublisher {
  publish(messages: readonly StoredMessage[]): Promise<void>;
}

export { uplinkPayload } from './uplink-payload';
