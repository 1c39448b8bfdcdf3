import {
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Logger } from 'pino';
import { liveSites, type Sites, type SitesSource, sourceOf } from '@campus/device-protocols';
import { MemoryAccountStore, type AccountStore } from './account-store';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginGateMiddleware } from './login-gate.middleware';
import { LoginThrottle, loginThrottlePolicyFromEnv } from './login-throttle';
import { OidcController, oidcProviders } from './oidc';
import { OrgTree } from './org-tree';
import { PermissionGuard } from './permission.guard';
import { ScopePolicyService } from './scope-policy.service';
import type { TokenService } from './token-service';
import { ACCOUNT_STORE, LOGIN_THROTTLE, ORG_TREE, TOKEN_SERVICE } from './tokens';
import { LOGGER, SITES, SITES_SOURCE } from '../di/tokens';
import { UsersController } from './users.controller';

export interface AuthModuleOptions {
  /** The registry's live sites, or a sites file that never changes. */
  sites: Sites | SitesSource;
  tokens: TokenService;
  logger: Logger;
  /**
   * Passwords set through the API and token versions: the database's AccountRepository. Without
   * one they live in this process only (an app without a database, as in the API tests).
   */
  accounts?: AccountStore;
  /** LOGIN_* limits (loginThrottlePolicyFromEnv); default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Login (throttled), refresh, logout, password change and reset, the global AuthGuard,
 * `@Requires` and the scope policy. Global: every other module can inject SITES, LOGGER,
 * TOKEN_SERVICE, ORG_TREE, ACCOUNT_STORE, LOGIN_THROTTLE, AuthService and ScopePolicyService.
 */
@Module({})
export class AuthModule implements NestModule {
  /** A flood of logins from one address is refused before it costs more (LoginGateMiddleware). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(LoginGateMiddleware).forRoutes({ path: 'api/auth/login', method: RequestMethod.POST });
  }

  static register(options: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      controllers: [AuthController, UsersController, OidcController],
      providers: [
        { provide: SITES_SOURCE, useValue: sourceOf(options.sites) },
        { provide: SITES, useValue: liveSites(sourceOf(options.sites)) },
        { provide: ACCOUNT_STORE, useValue: options.accounts ?? new MemoryAccountStore() },
        {
          provide: LOGIN_THROTTLE,
          useValue: new LoginThrottle(loginThrottlePolicyFromEnv(options.env ?? process.env)),
        },
        { provide: TOKEN_SERVICE, useValue: options.tokens },
        { provide: LOGGER, useValue: options.logger },
        { provide: ORG_TREE, useFactory: (sites: Sites) => OrgTree.following(sites), inject: [SITES] },
        AuthService,
        ScopePolicyService,
        PermissionGuard,
        { provide: APP_GUARD, useClass: AuthGuard },
        ...oidcProviders(options.env ?? process.env),
      ],
      exports: [
        SITES,
        SITES_SOURCE,
        TOKEN_SERVICE,
        LOGGER,
        ORG_TREE,
        ACCOUNT_STORE,
        LOGIN_THROTTLE,
        AuthService,
        ScopePolicyService,
        PermissionGuard,
      ],
    };
  }
}
