import type { UplinkMessage } from '@campus/device-protocols';
import { uplinkTopic } from '@campus/device-protocols';
import type { StoredMessage } from '../sinks/series-point';

/**
 * The uplink message for a stored one: the canonical message plus where its device sits. Built field
 * by field, one object shape per kind: on the all-in-one's hot path a spread cost several times more.
 */
export function toUplinkMessage({ message: m, org, deviceKind }: StoredMessage): UplinkMessage {
  switch (m.kind) {
    case 'reading':
      return { kind: 'reading', device: m.device, ts: m.ts, metrics: m.metrics, v: 1, org, deviceKind };
    case 'event':
      return { kind: 'event', device: m.device, ts: m.ts, type: m.type, data: m.data, v: 1, org, deviceKind };
    case 'availability':
      return { kind: 'availability', device: m.device, ts: m.ts, online: m.online, v: 1, org, deviceKind };
  }
}

/** Topic and JSON payload of a message on the uplink, with its gateway-assigned id when given. */
export function uplinkPayload(stored: StoredMessage, id?: string): { topic: string; payload: Buffer } {
  const message = toUplinkMessage(stored);
  return {
    topic: uplinkTopic(stored.org, stored.message),
    payload: Buffer.from(JSON.stringify(id === undefined ? message : { ...message, id })),
  };
}
