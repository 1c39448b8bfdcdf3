import { createHash, randomBytes } from 'node:crypto';

/** A `WWW-Authenticate: Digest …` challenge (RFC 7616; MD5, qop auth, as Hikvision cameras send). */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  qop?: string;
  opaque?: string;
  algorithm?: string;
}

/** The parameters of a `Digest k="v", k=v` header, keys lower-cased. */
export function parseDigestParams(header: string): Record<string, string> | undefined {
  const m = /^\s*Digest\s+(.*)$/is.exec(header);
  if (m === null) return undefined;
  const out: Record<string, string> = {};
  const re = /([a-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/gi;
  for (let p = re.exec(m[1]!); p !== null; p = re.exec(m[1]!)) {
    out[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!;
  }
  return out;
}

/** The challenge of a 401 answer, or undefined when it is not a usable Digest challenge. */
export function parseDigestChallenge(header: string | null | undefined): DigestChallenge | undefined {
  const p = header == null ? undefined : parseDigestParams(header);
  if (p?.['realm'] === undefined || p['nonce'] === undefined) return undefined;
  if (p['algorithm'] !== undefined && p['algorithm'].toUpperCase() !== 'MD5') return undefined;
  const qop = p['qop']?.split(',').map((q) => q.trim());
  return {
    realm: p['realm'],
    nonce: p['nonce'],
    ...(qop === undefined ? {} : qop.includes('auth') ? { qop: 'auth' } : {}),
    ...(p['opaque'] === undefined ? {} : { opaque: p['opaque'] }),
    ...(p['algorithm'] === undefined ? {} : { algorithm: p['algorithm'] }),
  };
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** The digest `response` value (RFC 2617 §3.2.2). */
export function digestResponse(a: {
  username: string;
  password: string;
  realm: string;
  method: string;
  uri: string;
  nonce: string;
  qop?: string;
  nc?: string;
  cnonce?: string;
}): string {
  const ha1 = md5(`${a.username}:${a.realm}:${a.password}`);
  const ha2 = md5(`${a.method}:${a.uri}`);
  return a.qop === undefined
    ? md5(`${ha1}:${a.nonce}:${ha2}`)
    : md5(`${ha1}:${a.nonce}:${a.nc ?? ''}:${a.cnonce ?? ''}:${a.qop}:${ha2}`);
}

/** The `Authorization` header answering `challenge` for one request. */
export function digestAuthorization(
  challenge: DigestChallenge,
  request: { username: string; password: string; method: string; uri: string },
  cnonce: string = randomBytes(8).toString('hex'),
): string {
  const nc = '00000001';
  const response = digestResponse({ ...request, ...challenge, nc, cnonce });
  const q = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;
  const parts = [
    `username=${q(request.username)}`,
    `realm=${q(challenge.realm)}`,
    `nonce=${q(challenge.nonce)}`,
    `uri=${q(request.uri)}`,
    ...(challenge.algorithm === undefined ? [] : [`algorithm=${challenge.algorithm}`]),
    `response=${q(response)}`,
    ...(challenge.opaque === undefined ? [] : [`opaque=${q(challenge.opaque)}`]),
    ...(challenge.qop === undefined ? [] : [`qop=${challenge.qop}`, `nc=${nc}`, `cnonce=${q(cnonce)}`]),
  ];
  return `Digest ${parts.join(', ')}`;
}
