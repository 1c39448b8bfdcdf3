import type { Device, Sites } from '@campus/device-protocols';
import { CredentialCheckBusyError, verifySecretAsync } from '@campus/device-protocols';
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
 * The scrypt work runs on the thread pool (`verifySecretAsync`); when too many checks already
 * wait, the answer is `server_busy` and the device connects again later.
 */
export async function authenticateClient(
  sites: Sites,
  service: ServiceAccount | undefined,
  username: string | undefined,
  password: Buffer | undefined,
): Promise<AuthOutcome> {
  const plain = password?.toString('utf8') ?? '';
  if (service && username === service.username) {
    return (await verifySecretAsync(plain, { secret: service.password }))
      ? { ok: true, identity: { type: 'service', username } }
      : { ok: false, reason: 'bad_secret' };
  }
  const device = username === undefined ? undefined : sites.deviceById.get(username);
  if (!device) return { ok: false, reason: 'unknown_device' };
  if (device.secret === undefined && device.secretHash === undefined) {
    return { ok: false, reason: 'no_direct_login' };
  }
  try {
    return (await verifySecretAsync(plain, device))
      ? { ok: true, identity: { type: 'device', device } }
      : { ok: false, reason: 'bad_secret' };
  } catch (err) {
    if (err instanceof CredentialCheckBusyError) return { ok: false, reason: 'server_busy' };
    throw err;
  }
}
