import { describe, expect, it } from 'vitest';
import { hashSecret, parseSites } from '@campus/device-protocols';
import { authenticateClient } from './client-identity';

const sites = parseSites(
  `
province: { code: "610000", name: "陕西省" }
cities:
  - code: "610100"
    name: "西安市"
    counties:
      - code: "610113"
        name: "雁塔区"
        schools:
          - code: "2161010001"
            name: "一小"
            devices:
              - { id: plain-1, kind: smoke_detector, secret: "open sesame" }
              - { id: hashed-1, kind: smoke_detector, secretHash: "${hashSecret('hashed')}" }
              - { id: z2m-1, kind: zigbee_bridge, protocol: zigbee2mqtt, baseTopic: z2m-1, secret: "b" }
              - { id: door-1, kind: door_contact, via: { bridge: z2m-1, name: door } }
`,
  'inline',
);
const service = { username: 'alert-service', password: 'svc' };
const pw = (s: string) => Buffer.from(s);

describe('authenticateClient', () => {
  it('accepts plain and hashed device secrets', () => {
    expect(authenticateClient(sites, undefined, 'plain-1', pw('open sesame'))).toMatchObject({ ok: true });
    expect(authenticateClient(sites, undefined, 'hashed-1', pw('hashed'))).toMatchObject({ ok: true });
  });
  it('refuses with the reason', () => {
    expect(authenticateClient(sites, undefined, 'plain-1', pw('nope'))).toEqual({
      ok: false,
      reason: 'bad_secret',
    });
    expect(authenticateClient(sites, undefined, 'hashed-1', undefined)).toEqual({
      ok: false,
      reason: 'bad_secret',
    });
    expect(authenticateClient(sites, undefined, 'ghost', pw('x'))).toEqual({
      ok: false,
      reason: 'unknown_device',
    });
    expect(authenticateClient(sites, undefined, undefined, undefined)).toEqual({
      ok: false,
      reason: 'unknown_device',
    });
    expect(authenticateClient(sites, undefined, 'door-1', pw(''))).toEqual({
      ok: false,
      reason: 'no_direct_login',
    });
  });
  it('knows the service account only when configured', () => {
    expect(authenticateClient(sites, service, 'alert-service', pw('svc'))).toEqual({
      ok: true,
      identity: { type: 'service', username: 'alert-service' },
    });
    expect(authenticateClient(sites, service, 'alert-service', pw('x'))).toEqual({
      ok: false,
      reason: 'bad_secret',
    });
    expect(authenticateClient(sites, undefined, 'alert-service', pw('svc'))).toEqual({
      ok: false,
      reason: 'unknown_device',
    });
  });
});
