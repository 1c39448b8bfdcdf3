import { describe, expect, it } from 'vitest';
import { dashboardCallbackUrl, oidcConfigFromEnv } from './oidc-config';

const base = { OIDC_ISSUER: 'https://sso.shaanxi.gov.cn/oidc', OIDC_CLIENT_ID: 'campus' };

describe('oidcConfigFromEnv', () => {
  it('is off without OIDC_ISSUER', () => {
    expect(oidcConfigFromEnv({})).toBeUndefined();
    expect(oidcConfigFromEnv({ OIDC_ISSUER: '  ' })).toBeUndefined();
  });

  it('applies the defaults', () => {
    const config = oidcConfigFromEnv({ ...base, PORT: '9090' })!;
    expect(config.issuer.href).toBe('https://sso.shaanxi.gov.cn/oidc');
    expect(config.clientSecret).toBeUndefined();
    expect(config.redirectUrl.href).toBe('http://localhost:9090/api/auth/oidc/callback');
    expect(config.scopes).toEqual(['openid', 'profile']);
    expect(config.usernameClaim).toBe('preferred_username');
    expect(config.roleClaim).toBeUndefined();
    expect(config.displayName).toBe('统一身份认证');
    expect(config.allowInsecure).toBe(false);
  });

  it('builds the redirect URL from PUBLIC_URL, and the dashboard page beside it', () => {
    const config = oidcConfigFromEnv({ ...base, PUBLIC_URL: 'https://campus.example.cn/pingan/' })!;
    expect(config.redirectUrl.href).toBe('https://campus.example.cn/pingan/api/auth/oidc/callback');
    expect(dashboardCallbackUrl(config).href).toBe('https://campus.example.cn/pingan/login/callback');
  });

  it('refuses a client without an id, a non-URL issuer and plain http to another machine', () => {
    expect(() => oidcConfigFromEnv({ OIDC_ISSUER: base.OIDC_ISSUER })).toThrow(/OIDC_CLIENT_ID/);
    expect(() => oidcConfigFromEnv({ ...base, OIDC_ISSUER: 'sso.example' })).toThrow(
      /OIDC_ISSUER is not a URL/,
    );
    expect(() => oidcConfigFromEnv({ ...base, OIDC_ISSUER: 'http://sso.example.cn' })).toThrow(
      /must be https/,
    );
    expect(oidcConfigFromEnv({ ...base, OIDC_ISSUER: 'http://127.0.0.1:4000' })!.allowInsecure).toBe(true);
  });

  it('refuses scopes without openid, a role claim without an org claim, and a bad claim name', () => {
    expect(() => oidcConfigFromEnv({ ...base, OIDC_SCOPES: 'profile' })).toThrow(/must include openid/);
    expect(() => oidcConfigFromEnv({ ...base, OIDC_ROLE_CLAIM: 'role' })).toThrow(/together/);
    expect(() => oidcConfigFromEnv({ ...base, OIDC_USERNAME_CLAIM: 'a b' })).toThrow(/OIDC_USERNAME_CLAIM/);
  });

  it('refuses OIDC settings without OIDC_ISSUER and never repeats the client secret', () => {
    const secret = 'very-secret-value-123';
    expect(() => oidcConfigFromEnv({ OIDC_CLIENT_SECRET: secret })).toThrow(/OIDC_ISSUER is not/);
    for (const env of [
      { OIDC_CLIENT_SECRET: secret },
      { OIDC_ISSUER: 'ftp://x', OIDC_CLIENT_SECRET: secret },
    ]) {
      try {
        oidcConfigFromEnv(env);
      } catch (err) {
        expect(String(err)).not.toContain(secret);
      }
    }
    expect(oidcConfigFromEnv({ ...base, OIDC_CLIENT_SECRET: secret })!.clientSecret).toBe(secret);
  });
});
