import type { UplinkMessage } from '@campus/device-protocols';
import { uplinkTopic } from '@campus/device-protocols';
import type { StoredMessage } from '../sinks/series-point';

export function uplinkPayload(stored: StoredMessage): { topic: string; payload: Buffer } {
  const body: UplinkMessage = { ...stored.message, v: 1, org: stored.org, deviceKind: stored.deviceKind };
  return { topic: uplinkTopic(stored.org, stored.message), payload: Buffer.from(JSON.stringify(body)) };
}
