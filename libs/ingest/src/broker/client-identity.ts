import type { Device, Sites } from '@campus/device-protocols';
import { verifySecret } from '@campus/device-protocols';
import type { RefusalReason } from '../metrics/gateway-metrics';

/** Who is on the other end of an MQTT connection, decided once at CONNECT. */
export type ClientIdentity = { type: 'device'; device: Device } | { type: 'service'; username: string };

export type AuthOutcome = { ok: true; identity: ClientIdentity } | { ok: false; reason: RefusalReason };

export interface ServiceAccount {
  username: string;
  password: string;
}

/**
 * CONNECT: username is the device id, password its secret. Bridged devices and GB/T 26875
 * panels have no secret of their own: they reach the platform only through their bridge or TCP.
 */
export function authenticateClient(
  sites: Sites,
  service: ServiceAccount | undefined,
  username: string | undefined,
  password: Buffer | undefined,
): AuthOutcome {
  const plain = password?.toString('utf8') ?? '';
  if (service && username === service.username) {
    return verifySecret(plain, { secret: service.password })
      ? { ok: true, identity: { type: 'service', username } }
      : { ok: false, reason: 'bad_secret' };
  }
  const device = username === undefined ? undefined : sites.deviceById.get(username);
  if (!device) return { ok: false, reason: 'unknown_device' };
  if (device.secret === undefined && device.secretHash === undefined) {
    return { ok: false, reason: 'no_direct_login' };
  }
  return verifySecret(plain, device)
    ? { ok: true, identity: { type: 'device', device } }
    : { ok: false, reason: 'bad_secret' };
}
