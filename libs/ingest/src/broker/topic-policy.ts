import type { Device } from '@campus/device-protocols';
import {
  NATIVE_COMMAND_CHANNEL,
  NATIVE_TOPIC_ROOT,
  UPLINK_TOPIC_ROOT,
  parseNativeTopic,
} from '@campus/device-protocols';
import type { RefusalReason } from '../metrics/gateway-metrics';
import type { ClientIdentity } from './client-identity';

export type TopicDecision = { ok: true } | { ok: false; reason: RefusalReason };

const allow: TopicDecision = { ok: true };
const refuse = (reason: RefusalReason): TopicDecision => ({ ok: false, reason });

function ownNativePrefix(device: Device): string {
  return `${NATIVE_TOPIC_ROOT}/${device.org.school}/${device.id}/`;
}

/** True when `topic` is `base` itself or below it. */
function isUnder(topic: string, base: string): boolean {
  return topic === base || topic.startsWith(`${base}/`);
}

/**
 * PUBLISH: a device only under its own `campus/v1/{school}/{device}/`, its `command` topic excepted
 * (commands are the platform's; the device answers on `command/ack`); a bridge also under its own
 * base topic; the service account publishes nothing (it reads).
 */
export function decidePublish(identity: ClientIdentity, topic: string): TopicDecision {
  if (topic.startsWith('$') || isUnder(topic, UPLINK_TOPIC_ROOT)) return refuse('reserved_topic');
  if (identity.type === 'service') return refuse('reserved_topic');
  const { device } = identity;
  if (topic.startsWith(ownNativePrefix(device))) {
    return topic === `${ownNativePrefix(device)}${NATIVE_COMMAND_CHANNEL}` ? refuse('reserved_topic') : allow;
  }
  if (device.baseTopic !== undefined && isUnder(topic, device.baseTopic)) return allow;
  if (topic.startsWith(`${NATIVE_TOPIC_ROOT}/`)) {
    const parsed = parseNativeTopic(topic);
    return refuse(parsed && parsed.school !== device.org.school ? 'wrong_school' : 'not_own_topic');
  }
  return refuse(device.baseTopic === undefined ? 'not_own_topic' : 'outside_base_topic');
}

/**
 * SUBSCRIBE: a device to its own native subtree (its `command` topic), a bridge to its base topic (Zigbee2MQTT
 * listens for `/set` and `bridge/request`); the service account to the uplink and the native tree.
 */
export function decideSubscribe(identity: ClientIdentity, filter: string): TopicDecision {
  if (identity.type === 'service') {
    return isUnder(filter, UPLINK_TOPIC_ROOT) || isUnder(filter, NATIVE_TOPIC_ROOT)
      ? allow
      : refuse('subscribe_denied');
  }
  const { device } = identity;
  if (filter.startsWith(ownNativePrefix(device))) return allow;
  if (device.baseTopic !== undefined && isUnder(filter, device.baseTopic)) return allow;
  return refuse('subscribe_denied');
}
