import type { Provider } from '@nestjs/common';
import { oidcConfigFromEnv } from './oidc-config';
import { OIDC_CONFIG, OIDC_COOKIE_SEAL, OidcService } from './oidc.service';
import { CookieSeal } from './sealed-cookie';

export {
  mapClaims,
  ROLES_NOT_FROM_CLAIMS,
  type ClaimMapping,
  type ClaimRefusal,
  type MappedIdentity,
} from './claim-mapping';
export {
  dashboardCallbackUrl,
  OIDC_CALLBACK_PATH,
  OIDC_DEFAULT_DISPLAY_NAME,
  OIDC_DEFAULT_SCOPES,
  OIDC_DEFAULT_USERNAME_CLAIM,
  OidcConfigError,
  oidcConfigFromEnv,
  type OidcConfig,
} from './oidc-config';
export { OidcController } from './oidc.controller';
export { OIDC_CONFIG, OIDC_COOKIE_SEAL, OidcService, type SsoFailure } from './oidc.service';

/**
 * AuthModule's single sign-on providers: the configuration from `env` (checked now: a bad OIDC_*
 * stops the start with the reason), the cookie seal keyed from JWT_SECRET, and OidcService.
 */
export function oidcProviders(env: NodeJS.ProcessEnv): Provider[] {
  return [
    { provide: OIDC_CONFIG, useValue: oidcConfigFromEnv(env) },
    { provide: OIDC_COOKIE_SEAL, useValue: new CookieSeal(env['JWT_SECRET']) },
    OidcService,
  ];
}
