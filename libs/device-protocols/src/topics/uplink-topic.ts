import type { CanonicalMessage } from '../model/messages';
import type { OrgPath } from '../model/org';

/**
 * The gateway forwards every decoded message to the alert service on
 * `platform/v1/uplink/{school}/{device}/{kind}` with QoS 1. Devices may neither publish nor
 * subscribe there (the ACL refuses it); only service accounts may.
 */
export const UPLINK_TOPIC_ROOT = 'platform/v1/uplink';
export const UPLINK_SUBSCRIPTION = `${UPLINK_TOPIC_ROOT}/#`;
/**
 * The uplink in two lanes, each read through its own session so that neither queues behind the
 * other: alarms (events and availability changes) and telemetry (readings).
 */
export const UPLINK_ALARM_SUBSCRIPTIONS = [
  `${UPLINK_TOPIC_ROOT}/+/+/event`,
  `${UPLINK_TOPIC_ROOT}/+/+/availability`,
] as const;
export const UPLINK_TELEMETRY_SUBSCRIPTIONS = [`${UPLINK_TOPIC_ROOT}/+/+/reading`] as const;

export function uplinkTopic(org: OrgPath, message: CanonicalMessage): string {
  return `${UPLINK_TOPIC_ROOT}/${org.school}/${message.device}/${message.kind}`;
}

/** The payload on an uplink topic: the canonical message plus where the device sits. */
/**
 * `id`: assigned by an edge gateway that forwards to a central broker (`<GATEWAY_ID>:<start>:<n>`),
 * so that the alert service counts a message delivered twice once; absent in process.
 */
export type UplinkMessage = CanonicalMessage & { v: 1; org: OrgPath; deviceKind: string; id?: string };
