import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key under which a client address is counted (connection limits, failed logins, log
 * throttling): an IPv4 address as it is (also when it arrives IPv4-mapped, `::ffff:10.0.0.1`), an
 * IPv6 address by its /64 network — one host usually holds a whole /64, so counting single IPv6
 * addresses would let it use 2^64 of them. Anything else (a closed socket has no address) is
 * `unknown`, one key shared by all such connections.
 */
export function addressKey(address: string | undefined): string {
  if (address === undefined) return 'unknown';
  const bare = address.replace(/%.*$/, ''); // zone id of a link-local address, e.g. fe80::1%eth0
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return 'unknown';
  const groups = expandIPv6(bare);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [high, low] = [groups[6]!, groups[7]!];
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing dotted IPv4 split). */
function expandIPv6(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}
