import { describe, expect, it } from 'vitest';
import { sitesYaml } from '@campus/test-kit';
import { randomBytes } from 'node:crypto';
import {
  CREDENTIAL_CHECK_CONCURRENCY,
  CREDENTIAL_CHECK_QUEUE,
  hashSecret,
  parseSites,
} from '@campus/device-protocols';
import { authenticateClient } from './client-identity';

/** N=2: a check costs microseconds, so the waiting list can be filled quickly. */
const cheapHash = [
  'scrypt',
  2,
  1,
  1,
  randomBytes(16).toString('base64'),
  randomBytes(32).toString('base64'),
].join('$');
const sites = parseSites(
  sitesYaml({
    schools: [
      {
        code: '2161010001',
        name: '一小',
        devices: [
          { id: 'plain-1', kind: 'smoke_detector', secret: 'open sesame' },
          { id: 'hashed-1', kind: 'smoke_detector', secretHash: hashSecret('hashed') },
          { id: 'z2m-1', kind: 'zigbee_bridge', protocol: 'zigbee2mqtt', baseTopic: 'z2m-1', secret: 'b' },
          { id: 'door-1', kind: 'door_contact', via: { bridge: 'z2m-1', name: 'door' } },
          { id: 'cheap-1', kind: 'smoke_detector', secretHash: cheapHash },
        ],
      },
    ],
  }),
  'inline',
);
const service = { username: 'alert-service', password: 'svc' };
const pw = (s: string) => Buffer.from(s);

describe('authenticateClient', () => {
  it('accepts plain and hashed device secrets', async () => {
    expect(await authenticateClient(sites, undefined, 'plain-1', pw('open sesame'))).toMatchObject({
      ok: true,
    });
    expect(await authenticateClient(sites, undefined, 'hashed-1', pw('hashed'))).toMatchObject({ ok: true });
  });
  it('refuses with the reason', async () => {
    expect(await authenticateClient(sites, undefined, 'plain-1', pw('nope'))).toEqual({
      ok: false,
      reason: 'bad_secret',
    });
    expect(await authenticateClient(sites, undefined, 'hashed-1', undefined)).toEqual({
      ok: false,
      reason: 'bad_secret',
    });
    expect(await authenticateClient(sites, undefined, 'ghost', pw('x'))).toEqual({
      ok: false,
      reason: 'unknown_device',
    });
    expect(await authenticateClient(sites, undefined, undefined, undefined)).toEqual({
      ok: false,
      reason: 'unknown_device',
    });
    expect(await authenticateClient(sites, undefined, 'door-1', pw(''))).toEqual({
      ok: false,
      reason: 'no_direct_login',
    });
  });
  it('knows the service account only when configured', async () => {
    expect(await authenticateClient(sites, service, 'alert-service', pw('svc'))).toEqual({
      ok: true,
      identity: { type: 'service', username: 'alert-service' },
    });
    expect(await authenticateClient(sites, service, 'alert-service', pw('x'))).toEqual({
      ok: false,
      reason: 'bad_secret',
    });
    expect(await authenticateClient(sites, undefined, 'alert-service', pw('svc'))).toEqual({
      ok: false,
      reason: 'unknown_device',
    });
  });
  it('answers server_busy, not bad_secret, when too many checks already wait', async () => {
    expect(await authenticateClient(sites, undefined, 'hashed-1', pw('hashed'))).toMatchObject({ ok: true });
    const flood = Array.from({ length: CREDENTIAL_CHECK_CONCURRENCY + CREDENTIAL_CHECK_QUEUE + 1 }, (_, i) =>
      authenticateClient(sites, undefined, 'cheap-1', pw(`guess-${i}`)),
    );
    const outcomes = await Promise.all(flood);
    expect(outcomes.at(-1)).toEqual({ ok: false, reason: 'server_busy' });
    expect(outcomes.slice(0, -1).every((o) => !o.ok && o.reason === 'bad_secret')).toBe(true);
    // Known secrets still answer from the cache while the waiting list is full.
    const again = Array.from({ length: CREDENTIAL_CHECK_CONCURRENCY + CREDENTIAL_CHECK_QUEUE }, (_, i) =>
      authenticateClient(sites, undefined, 'cheap-1', pw(`guess-again-${i}`)),
    );
    expect(await authenticateClient(sites, undefined, 'hashed-1', pw('hashed'))).toMatchObject({ ok: true });
    await Promise.all(again);
  });
});
