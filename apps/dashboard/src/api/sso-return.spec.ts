import { describe, expect, it } from 'vitest';
import { ssoReturnOf } from './sso-return';

describe('ssoReturnOf', () => {
  it('reads the one-time code or the failure from the fragment of /login/callback only', () => {
    expect(ssoReturnOf('/login/callback', '#code=abc_DEF-123')).toEqual({ code: 'abc_DEF-123' });
    expect(ssoReturnOf('/login/callback', '#error=sso_unknown_user')).toEqual({ error: 'sso_unknown_user' });
    expect(ssoReturnOf('/console', '#code=abc')).toBeUndefined();
  });

  it('turns an error that is not one of ours, or nothing at all, into sso_failed', () => {
    expect(ssoReturnOf('/login/callback', '#error=<script>')).toEqual({ error: 'sso_failed' });
    expect(ssoReturnOf('/login/callback', '')).toEqual({ error: 'sso_failed' });
  });
});
