import { isIP } from 'node:net';
import { addressKey } from '@campus/device-protocols';

/** Express's `trust proxy` setting: off, a number of hops, or the proxies' addresses/subnets. */
export type TrustProxySetting = false | number | string[];

const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isSubnet(text: string): boolean {
  const [address, bits, rest] = text.split('/');
  if (address === undefined || rest !== undefined || isIP(address) === 0) return false;
  if (bits === undefined) return true;
  const max = isIP(address) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

/**
 * TRUST_PROXY: whether `X-Forwarded-For` says who the client is (docs/security.md). Unset, empty,
 * `0` or `false`: no — the socket's address is the client (anyone could write the header).
 * A number N (`true` = 1): N reverse proxies in front; the client is the address N hops from
 * the right of `X-Forwarded-For`. A comma-separated list of addresses, subnets or the names
 * `loopback`, `linklocal`, `uniquelocal`: the proxies, trusted wherever they appear.
 * Throws at start when the value is none of those.
 */
export function trustProxyFromEnv(env: NodeJS.ProcessEnv): TrustProxySetting {
  const text = env['TRUST_PROXY']?.trim() ?? '';
  const lower = text.toLowerCase();
  if (lower === '' || lower === '0' || lower === 'false' || lower === 'no') return false;
  if (lower === 'true' || lower === 'yes') return 1;
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const items = text.split(',').map((s) => s.trim());
  const bad = items.filter((i) => !NAMED.has(i) && !isSubnet(i));
  if (bad.length > 0) {
    throw new Error(
      `TRUST_PROXY="${text}": ${bad.map((b) => `"${b}"`).join(', ')} is not a number of proxies, an address, ` +
        'a subnet (10.0.0.0/8) or loopback/linklocal/uniquelocal; unset it when no reverse proxy is in front',
    );
  }
  return items;
}

/** The parts of an express request the client address comes from. */
export interface AddressedRequest {
  /** Express's answer under its `trust proxy` setting. */
  ip?: string | undefined;
  socket?: { remoteAddress?: string | undefined };
}

/**
 * The client's address for login throttling: express's `req.ip` (which honours X-Forwarded-For only
 * as TRUST_PROXY allows), else the socket's, as the key the MQTT limits use too (`addressKey`:
 * IPv4-mapped IPv6 as plain IPv4, an IPv6 address as its /64, since one client holds a whole /64).
 */
export function clientAddress(request: AddressedRequest): string {
  return addressKey(request.ip ?? request.socket?.remoteAddress);
}
