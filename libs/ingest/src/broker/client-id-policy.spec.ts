import { describe, expect, it } from 'vitest';
import { decideClientId, type ClientAccount } from './client-id-policy';
import { ClientIdRegistry } from './client-id-registry';

const DEVICES = new Set(['smk-0001', 'tmp-0001']);
const isDeviceId = (id: string): boolean => DEVICES.has(id);
const smk: ClientAccount = { type: 'device', id: 'smk-0001' };
const tmp: ClientAccount = { type: 'device', id: 'tmp-0001' };
const service: ClientAccount = { type: 'service', username: 'alert-service' };

const decide = (clientId: string, account: ClientAccount, heldBy?: string) =>
  decideClientId({ clientId, account, heldBy, isDeviceId });

describe('decideClientId', () => {
  it('leaves a device its free choice of client id, its own device id included', () => {
    expect(decide('smk-0001', smk)).toEqual({ ok: true });
    expect(decide('smk-0001-a1b2c3', smk)).toEqual({ ok: true });
    expect(decide('anything at all', smk)).toEqual({ ok: true });
  });

  it("refuses another device's id, also when nobody uses it now", () => {
    expect(decide('tmp-0001', smk)).toMatchObject({ ok: false, reason: 'client_id_reserved' });
  });

  it("keeps the service prefixes for the service account, and devices' ids from it", () => {
    for (const id of [
      'campus-alert-service-host1',
      'campus-alert-service-host1-alarms',
      'campus-gateway-edge-7',
    ]) {
      expect(decide(id, smk)).toMatchObject({ ok: false, reason: 'client_id_reserved' });
      expect(decide(id, service)).toEqual({ ok: true });
    }
    // ALERT_SERVICE_CLIENT_ID may name any session; a tool on the service account uses a random id.
    expect(decide('resilience-a', service)).toEqual({ ok: true });
    expect(decide('smk-0001', service)).toMatchObject({ ok: false, reason: 'client_id_reserved' });
  });

  it('refuses an id held by another account and lets the holder take its own id back', () => {
    expect(decide('shared-id', tmp, 'smk-0001')).toMatchObject({ ok: false, reason: 'client_id_taken' });
    expect(decide('shared-id', smk, 'smk-0001')).toEqual({ ok: true });
    expect(decide('campus-alert-service-h', service, 'alert-service')).toEqual({ ok: true });
  });
});

describe('ClientIdRegistry', () => {
  const conn = (): object => ({});

  it('holds an id while a clean connection uses it, and lets it go when that connection closes', () => {
    const registry = new ClientIdRegistry(() => 4);
    const a = conn();
    registry.claim('x', 'smk-0001', a, true);
    registry.connected('x', a, true);
    expect(registry.heldBy('x')).toBe('smk-0001');
    registry.release('x', a);
    expect(registry.heldBy('x')).toBeUndefined();
    expect(registry.size).toBe(0);
  });

  it('keeps a persistent session held after its connection closes, until a clean connection of the owner ends it', () => {
    const registry = new ClientIdRegistry(() => 4);
    const a = conn();
    registry.claim('campus-alert-service-h', 'alert-service', a, false);
    registry.connected('campus-alert-service-h', a, false);
    registry.release('campus-alert-service-h', a);
    expect(registry.heldBy('campus-alert-service-h')).toBe('alert-service');

    const b = conn();
    registry.claim('campus-alert-service-h', 'alert-service', b, true);
    // Not confirmed yet: a connection that fails before its CONNACK leaves the session held.
    registry.release('campus-alert-service-h', b);
    expect(registry.heldBy('campus-alert-service-h')).toBe('alert-service');

    const c = conn();
    registry.claim('campus-alert-service-h', 'alert-service', c, true);
    registry.connected('campus-alert-service-h', c, true);
    registry.release('campus-alert-service-h', c);
    expect(registry.heldBy('campus-alert-service-h')).toBeUndefined();
  });

  it('keeps the id held while the newer of two connections of the owner is still open', () => {
    const registry = new ClientIdRegistry(() => 4);
    const [older, newer] = [conn(), conn()];
    registry.claim('x', 'smk-0001', older, true);
    registry.claim('x', 'smk-0001', newer, true);
    registry.release('x', older);
    expect(registry.heldBy('x')).toBe('smk-0001');
    registry.release('x', newer);
    expect(registry.heldBy('x')).toBeUndefined();
  });

  it("bounds an account's persistent sessions, giving up the least recently used idle one first", () => {
    const registry = new ClientIdRegistry((owner) => (owner === 'alert-service' ? 100 : 2));
    const live = conn();
    registry.claim('s-0', 'smk-0001', live, false); // stays connected
    const evicted: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const c = conn();
      evicted.push(...registry.claim(`s-${i}`, 'smk-0001', c, false));
      registry.release(`s-${i}`, c);
    }
    // The connected s-0 is never given up; each new session pushes out the oldest idle one.
    expect(evicted).toEqual(['s-1', 's-2', 's-3', 's-4']);
    expect(['s-0', 's-5'].map((id) => registry.heldBy(id))).toEqual(['smk-0001', 'smk-0001']);
    expect(registry.size).toBe(2);
  });
});
