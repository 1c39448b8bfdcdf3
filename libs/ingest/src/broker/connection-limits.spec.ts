import { describe, expect, it } from 'vitest';
import { ConnectionLimits } from './connection-limits';

describe('ConnectionLimits', () => {
  it('admits up to the per-address bound, and others from other addresses', () => {
    const limits = new ConnectionLimits(10, 2);
    expect(limits.admit('10.0.0.1')).toEqual({ ok: true });
    expect(limits.admit('10.0.0.1')).toEqual({ ok: true });
    expect(limits.admit('10.0.0.1')).toEqual({ ok: false, reason: 'too_many_connections_per_ip' });
    expect(limits.admit('10.0.0.2')).toEqual({ ok: true });
    limits.release('10.0.0.1');
    expect(limits.admit('10.0.0.1')).toEqual({ ok: true });
    expect(limits.open).toBe(3);
  });

  it('admits up to the total bound and frees the address entries it no longer needs', () => {
    const limits = new ConnectionLimits(3, 3);
    for (const a of ['a', 'b', 'c']) expect(limits.admit(a)).toEqual({ ok: true });
    expect(limits.admit('d')).toEqual({ ok: false, reason: 'too_many_connections' });
    for (const a of ['a', 'b', 'c']) limits.release(a);
    limits.release('a'); // a second release of a closed connection changes nothing
    expect([limits.open, limits.from('a')]).toEqual([0, 0]);
    expect(limits.admit('d')).toEqual({ ok: true });
  });
});
