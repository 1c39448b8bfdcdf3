import { isIP } from 'node:net';

/**
 * IP networks for the GB/T 26875.3 listener's `allowFrom` (docs/sites-file.md, docs/protocol.md):
 * parsing with messages for whoever edits the sites file, and matching a peer's address. Pure.
 *
 * - An entry is an IPv4 or IPv6 address (one host) or a CIDR network `address/prefix`; a network
 *   must not have host bits set (`10.1.2.3/8` is refused: write `10.0.0.0/8` or `10.1.2.3/32`).
 * - IPv4-mapped IPv6 (`::ffff:10.0.0.5`, as a dual-stack listener reports IPv4 peers) is IPv4, both
 *   as a peer and as an entry (`::ffff:10.0.0.0/104` is `10.0.0.0/8`).
 * - An IPv4 network matches IPv4 peers only, an IPv6 network IPv6 peers only (`::/0` is every IPv6
 *   peer, not every peer).
 */

export interface IpAddress {
  family: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: Uint8Array;
}

export interface IpNetwork extends IpAddress {
  /** Leading bits that must match: 0–32 (IPv4) or 0–128 (IPv6). */
  prefix: number;
}

/** What an absent allow-list means: this host only (the loopback networks). */
export const LOOPBACK_NETWORKS: readonly string[] = ['127.0.0.0/8', '::1/128'];

const EXAMPLES = 'e.g. "10.20.0.0/16", "192.0.2.7" or "fd00:1::/48"';

function parseV4(text: string): Uint8Array | undefined {
  if (isIP(text) !== 4) return undefined; // also refuses leading zeros (no octal ambiguity)
  return Uint8Array.from(text.split('.').map(Number));
}

function parseV6(text: string): Uint8Array | undefined {
  if (text.includes('%') || isIP(text) !== 6) return undefined;
  const halves = text.split('::');
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  // A trailing dotted quad (`::ffff:1.2.3.4`) is two groups.
  const last = groups[groups.length - 1]!;
  const quad = last.at(-1);
  if (quad?.includes('.')) {
    const v4 = parseV4(quad);
    if (!v4) return undefined;
    last.splice(-1, 1, ((v4[0]! << 8) | v4[1]!).toString(16), ((v4[2]! << 8) | v4[3]!).toString(16));
  }
  const head = groups[0]!;
  const tail = groups.length === 2 ? groups[1]! : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (groups.length === 1 && missing !== 0)) return undefined;
  const words = [...head, ...Array<string>(missing).fill('0'), ...tail].map((g) => parseInt(g, 16));
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 0xff;
  });
  return bytes;
}

/** Whether 16 bytes are an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`). */
function isMapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/**
 * An IP address from text, or undefined: IPv4 dotted quad or IPv6 (no zone index). IPv4-mapped
 * IPv6 comes back as IPv4.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  const v4 = parseV4(text);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = parseV6(text);
  if (!v6) return undefined;
  return isMapped(v6) ? { family: 4, bytes: v6.slice(12) } : { family: 6, bytes: v6 };
}

/** Parses an `allowFrom` entry; returns the network or why the text is not one. */
export function parseIpNetwork(text: string): IpNetwork | string {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  if (addressText.includes('%')) {
    return `"${text}" has a zone index (%…): allowFrom takes addresses and networks without one`;
  }
  const v4 = parseV4(addressText);
  const v6 = v4 ? undefined : parseV6(addressText);
  if (!v4 && !v6) return `"${text}" is not an IPv4 or IPv6 address or CIDR network: ${EXAMPLES}`;
  const width = v4 ? 32 : 128;
  let prefix = width;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > width) {
      return `"${text}": the prefix length after "/" must be a whole number from 0 to ${width}`;
    }
    prefix = Number(prefixText);
  }
  let network: IpNetwork = v4 ? { family: 4, bytes: v4, prefix } : { family: 6, bytes: v6!, prefix };
  if (network.family === 6 && prefix >= 96 && isMapped(network.bytes)) {
    network = { family: 4, bytes: network.bytes.slice(12), prefix: prefix - 96 };
  }
  if (hasHostBits(network)) {
    return `"${text}" has bits set after its /${prefix} prefix: write the network "${formatIpNetwork({
      ...network,
      bytes: masked(network),
    })}", or "${addressText}/${width}" for that one address`;
  }
  return network;
}

/** Why `text` is not an `allowFrom` entry, or undefined when it is one. */
export function ipNetworkProblem(text: string): string | undefined {
  const parsed = parseIpNetwork(text);
  return typeof parsed === 'string' ? parsed : undefined;
}

function masked(network: IpNetwork): Uint8Array {
  const out = Uint8Array.from(network.bytes);
  for (let i = 0; i < out.length; i++) {
    const keep = Math.max(0, Math.min(8, network.prefix - 8 * i));
    out[i]! &= (0xff << (8 - keep)) & 0xff;
  }
  return out;
}

function hasHostBits(network: IpNetwork): boolean {
  const m = masked(network);
  return m.some((b, i) => b !== network.bytes[i]);
}

/** Canonical text: `10.0.0.0/8`, `fd00:0:0:0:0:0:0:0/8` (IPv6 uncompressed; for logs). */
export function formatIpNetwork(network: IpNetwork): string {
  if (network.family === 4) return `${[...network.bytes].join('.')}/${network.prefix}`;
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((network.bytes[i]! << 8) | network.bytes[i + 1]!).toString(16));
  return `${words.join(':')}/${network.prefix}`;
}

/** Whether `address` lies in `network` (same family, first `prefix` bits equal). */
export function networkContains(network: IpNetwork, address: IpAddress): boolean {
  if (network.family !== address.family) return false;
  let bits = network.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((network.bytes[i]! & mask) !== (address.bytes[i]! & mask)) return false;
  }
  return true;
}

/**
 * A peer's address as Node reports it (`socket.remoteAddress`: `10.0.0.5`, `::ffff:10.0.0.5`,
 * `fe80::1%eth0`) in plain form: IPv4-mapped becomes IPv4, a zone index is dropped. Undefined for
 * no address.
 */
export function normalizePeerAddress(remote: string | undefined): string | undefined {
  if (remote === undefined) return undefined;
  const address = parseIpAddress(remote.replace(/%.*$/, ''));
  if (!address) return undefined;
  if (address.family === 4) return [...address.bytes].join('.');
  return remote.replace(/%.*$/, '').toLowerCase();
}

/** A list of networks a peer may connect from. Build once, ask often. */
export class IpAllowList {
  readonly networks: readonly IpNetwork[];

  /** Throws a RangeError naming the first entry that is no address or network. */
  constructor(readonly entries: readonly string[]) {
    this.networks = entries.map((entry) => {
      const parsed = parseIpNetwork(entry);
      if (typeof parsed === 'string') throw new RangeError(parsed);
      return parsed;
    });
  }

  /** Whether the peer at `address` (any form `normalizePeerAddress` takes) is in the list. */
  allows(address: string | undefined): boolean {
    if (address === undefined) return false;
    const ip = parseIpAddress(address.replace(/%.*$/, ''));
    return ip !== undefined && this.networks.some((n) => networkContains(n, ip));
  }

  /** The entries as written, for messages. */
  toString(): string {
    return this.entries.join(', ');
  }
}
