import type { CanonicalMessage } from '../model/messages';
import type { OrgPath } from '../model/org';

/**
 * The gateway forwards every decoded message to the alert service on
 * `platform/v1/uplink/{school}/{device}/{kind}` with QoS 1. Devices may neither publish nor
 * subscribe there (the ACL refuses it); only service accounts may.
 */
export const UPLINK_TOPIC_ROOT = 'platform/v1/uplink';
export const UPLINK_SUBSCRIPTION = `${UPLINK_TOPIC_ROOT}/#`;

export function uplinkTopic(org: OrgPath, message: CanonicalMessage): string {
  return `${UPLINK_TOPIC_ROOT}/${org.school}/${message.device}/${message.kind}`;
}

/** The payload on an uplink topic: the canonical message plus where the device sits. */
export type UplinkMessage = CanonicalMessage & { v: 1; org: OrgPath; deviceKind: string };
