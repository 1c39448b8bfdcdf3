import type { StoredMessage } from '../sinks/series-point';

/**
 * Forwards decoded messages to the alert service: QoS 1 on platform/v1/uplink/… through a broker
 * between machines, or in process in the all-in-one (`DirectUplink`).
 */
export interface UplinkPublisher {
  publish(messages: readonly StoredMessage[]): Promise<void>;
}

export { toUplinkMessage, uplinkPayload } from './uplink-payload';
