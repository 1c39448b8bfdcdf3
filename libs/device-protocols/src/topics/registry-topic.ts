import { z } from 'zod';

/**
 * The registry feed of the province topology (docs/protocol.md, "The registry feed"): on every
 * registry version, the alert service publishes to each edge gateway, retained and QoS 1, on
 * `platform/v1/registry/{GATEWAY_ID}`, that gateway's part of the registry. Only that gateway's
 * account may read its topic, only alert-service accounts may publish there (the central broker's
 * ACL, `npm run broker-config`).
 */
export const REGISTRY_TOPIC_ROOT = 'platform/v1/registry';

export function registryTopic(gatewayId: string): string {
  return `${REGISTRY_TOPIC_ROOT}/${gatewayId}`;
}

/** The payload: the version and the gateway's sites document (credentials as hashes only). */
export const registryFeedMessageSchema = z.strictObject({
  v: z.literal(1),
  version: z.number().int().positive(),
  gateway: z.string().min(1),
  document: z.record(z.string(), z.unknown()),
});
export type RegistryFeedMessage = z.output<typeof registryFeedMessageSchema>;
