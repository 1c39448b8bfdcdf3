import { describe, expect, it } from 'vitest';
import { digestAuthorization, digestResponse, parseDigestChallenge, parseDigestParams } from './http-digest';

describe('HTTP digest', () => {
  // RFC 2617 §3.5's worked example
  const challenge =
    'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';
  it('computes the RFC 2617 example response', () => {
    expect(
      digestResponse({
        username: 'Mufasa',
        password: 'Circle Of Life',
        realm: 'testrealm@host.com',
        method: 'GET',
        uri: '/dir/index.html',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        qop: 'auth',
        nc: '00000001',
        cnonce: '0a4f113b',
      }),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });
  it('parses the challenge and answers it', () => {
    const c = parseDigestChallenge(challenge)!;
    expect(c).toEqual({
      realm: 'testrealm@host.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      qop: 'auth',
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
    });
    const header = digestAuthorization(
      c,
      { username: 'Mufasa', password: 'Circle Of Life', method: 'GET', uri: '/dir/index.html' },
      '0a4f113b',
    );
    const p = parseDigestParams(header)!;
    expect(p['response']).toBe('6629fae49393a05397450978507c4ef1');
    expect(p['nc']).toBe('00000001');
    expect(header).not.toContain('Circle Of Life');
  });
  it('refuses what it cannot answer', () => {
    expect(parseDigestChallenge('Basic realm="x"')).toBeUndefined();
    expect(parseDigestChallenge('Digest realm="x", nonce="n", algorithm=SHA-256')).toBeUndefined();
    expect(parseDigestChallenge(undefined)).toBeUndefined();
  });
});
