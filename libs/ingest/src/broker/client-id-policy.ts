/**
 * Which MQTT client ids an account may use on the embedded broker (docs/protocol.md,
 * "Client ids"). A device's client id is free, except:
 *
 * - an id equal to a device id belongs to that device alone;
 * - ids starting with a reserved service prefix belong to the service account (the alert service's
 *   `campus-alert-service-<host>` and `…-alarms` sessions, a gateway's `campus-gateway-<id>`). The
 *   service account is not held to them: `ALERT_SERVICE_CLIENT_ID` may name any session, and tools
 *   reading the uplink with the service account use random ids; like any account it may not use a
 *   device's id;
 * - an id in use — connected, or with a persistent session the broker keeps — by one account
 *   cannot be taken by another: whoever connects with it would take over that session and, with
 *   clean=false, receive and acknowledge the messages queued for the owner.
 */
export const RESERVED_CLIENT_ID_PREFIXES = ['campus-alert-service-', 'campus-gateway-'] as const;

/** Who connects: a device by its id, or the service account by its user name. */
export type ClientAccount = { type: 'device'; id: string } | { type: 'service'; username: string };

export interface ClientIdRequest {
  clientId: string;
  account: ClientAccount;
  /** The account holding `clientId` now (connected or persistent session), if any. */
  heldBy: string | undefined;
  isDeviceId: (id: string) => boolean;
}

export type ClientIdRefusal =
  /** Another device's id, or a reserved service prefix used by a device. */
  | 'client_id_reserved'
  /** Held by another account's connection or persistent session. */
  | 'client_id_taken';

export type ClientIdDecision = { ok: true } | { ok: false; reason: ClientIdRefusal; detail: string };

/** The key under which an account holds client ids. */
export function accountKey(account: ClientAccount): string {
  return account.type === 'device' ? account.id : account.username;
}

export function decideClientId({ clientId, account, heldBy, isDeviceId }: ClientIdRequest): ClientIdDecision {
  const who = accountKey(account);
  const reservedPrefix = RESERVED_CLIENT_ID_PREFIXES.some((prefix) => clientId.startsWith(prefix));
  if (account.type === 'device' && reservedPrefix) {
    return {
      ok: false,
      reason: 'client_id_reserved',
      detail: "the client id is reserved for the platform's services",
    };
  }
  if (clientId !== who && isDeviceId(clientId)) {
    return { ok: false, reason: 'client_id_reserved', detail: `the client id is device ${clientId}'s id` };
  }
  if (heldBy !== undefined && heldBy !== who) {
    return { ok: false, reason: 'client_id_taken', detail: 'the client id is in use by another account' };
  }
  return { ok: true };
}
