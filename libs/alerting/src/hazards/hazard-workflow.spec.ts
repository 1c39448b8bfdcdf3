import { describe, expect, it } from 'vitest';
import { decideTransition, nextStates } from './hazard-workflow';

const guard = { username: 'guard1', role: 'school_security' } as const;
const head = { username: 'head1', role: 'school_admin' } as const;
const county = { username: 'yanta', role: 'county_officer' } as const;

describe('hazard workflow', () => {
  it('lets the school start and finish rectifying', () => {
    expect(decideTransition({ state: 'registered', rectifiedBy: null }, 'rectifying', guard)).toEqual({
      ok: true,
      permission: 'hazards.manage',
    });
    expect(decideTransition({ state: 'rectifying', rectifiedBy: null }, 'awaiting_acceptance', head).ok).toBe(
      true,
    );
  });

  it('refuses rectifying to roles without hazards.manage (403)', () => {
    expect(decideTransition({ state: 'registered', rectifiedBy: null }, 'rectifying', county)).toMatchObject({
      ok: false,
      reason: 'forbidden',
    });
  });

  it('closes on acceptance by someone other than the rectifier', () => {
    const h = { state: 'awaiting_acceptance', rectifiedBy: 'guard1' } as const;
    expect(decideTransition(h, 'closed', county)).toEqual({ ok: true, permission: 'hazards.accept' });
    expect(decideTransition(h, 'closed', head).ok).toBe(true);
    expect(decideTransition(h, 'closed', guard)).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('refuses acceptance by the rectifier with a clear 409', () => {
    const d = decideTransition({ state: 'awaiting_acceptance', rectifiedBy: 'head1' }, 'closed', head);
    expect(d).toMatchObject({ ok: false, reason: 'conflict' });
    expect(d.ok ? '' : d.message).toContain('cannot also accept');
  });

  it('sends a rejected rectification back to rectifying', () => {
    const h = { state: 'awaiting_acceptance', rectifiedBy: 'guard1' } as const;
    expect(decideTransition(h, 'rectifying', county).ok).toBe(true);
  });

  it('refuses skipped or backward steps and anything from closed (409)', () => {
    expect(decideTransition({ state: 'registered', rectifiedBy: null }, 'closed', county)).toMatchObject({
      ok: false,
      reason: 'conflict',
    });
    expect(decideTransition({ state: 'rectifying', rectifiedBy: null }, 'registered', head)).toMatchObject({
      reason: 'conflict',
    });
    const closed = decideTransition({ state: 'closed', rectifiedBy: 'guard1' }, 'rectifying', head);
    expect(closed.ok ? '' : closed.message).toContain('closed');
    expect(nextStates('closed')).toEqual([]);
  });
});
