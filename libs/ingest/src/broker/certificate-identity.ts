import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { Sites } from '@campus/device-protocols';
import type { AuthOutcome } from './client-identity';

/** What the TLS layer learnt about a device's client certificate (docs/protocol.md, "TLS"). */
export type PeerCertificateVerdict =
  /** No certificate (or no TLS_CA_FILE): the device logs in with its secret as on MQTT_PORT. */
  | { type: 'none' }
  /** Signed by TLS_CA_FILE and in date: `deviceId` is its subject CN. */
  | { type: 'verified'; deviceId: string }
  /** Presented but not signed by TLS_CA_FILE, expired, or without a subject CN: refused. */
  | { type: 'refused'; reason: string };

/**
 * Judges the certificate a client presented on a TLS listener. The listeners ask for one only with
 * TLS_CA_FILE and do not end the handshake themselves when it fails verification (so devices
 * without a certificate can still use TLS with their secret); the caller closes the connection on
 * `refused`.
 */
export function judgePeerCertificate(socket: TLSSocket): PeerCertificateVerdict {
  const cert: PeerCertificate | Record<string, never> = socket.getPeerCertificate();
  if (cert === null || Object.keys(cert).length === 0) return { type: 'none' };
  if (!socket.authorized) {
    const error = socket.authorizationError;
    return { type: 'refused', reason: error instanceof Error ? error.message : String(error) };
  }
  const cn = commonName(cert as PeerCertificate);
  if (cn === undefined) return { type: 'refused', reason: 'certificate has no subject CN' };
  return { type: 'verified', deviceId: cn };
}

function commonName(cert: PeerCertificate): string | undefined {
  const cn: unknown = (cert.subject as unknown as Record<string, unknown> | undefined)?.['CN'];
  // A subject with several CNs comes as an array: ambiguous, so none.
  return typeof cn === 'string' && cn !== '' ? cn : undefined;
}

/**
 * A CONNECT over a connection whose client certificate names `certificateId`: the device with that
 * id may log in without a password; a username, when given, must be that id. The device must be
 * one that logs in itself (a secret in the sites file): a bridged device or a GB/T 26875 panel
 * cannot, with or without a certificate.
 */
export function certificateLogin(
  sites: Sites,
  certificateId: string,
  username: string | undefined,
): AuthOutcome {
  if (username !== undefined && username !== certificateId) return { ok: false, reason: 'bad_secret' };
  const device = sites.deviceById.get(certificateId);
  if (!device) return { ok: false, reason: 'unknown_device' };
  if (device.secret === undefined && device.secretHash === undefined) {
    return { ok: false, reason: 'no_direct_login' };
  }
  return { ok: true, identity: { type: 'device', device } };
}
