import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Logger } from 'pino';
import type { Sites } from '@campus/device-protocols';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { OrgTree } from './org-tree';
import { PermissionGuard } from './permission.guard';
import { ScopePolicyService } from './scope-policy.service';
import type { TokenService } from './token-service';
import { LOGGER, ORG_TREE, SITES, TOKEN_SERVICE } from './tokens';

export interface AuthModuleOptions {
  sites: Sites;
  tokens: TokenService;
  logger: Logger;
}

/**
 * Login, the global AuthGuard, `@Requires` and the scope policy. Global: every other module can
 * inject SITES, LOGGER, TOKEN_SERVICE, ORG_TREE, AuthService and ScopePolicyService.
 */
@Module({})
export class AuthModule {
  static register(options: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      controllers: [AuthController],
      providers: [
        { provide: SITES, useValue: options.sites },
        { provide: TOKEN_SERVICE, useValue: options.tokens },
        { provide: LOGGER, useValue: options.logger },
        { provide: ORG_TREE, useFactory: (sites: Sites) => OrgTree.fromSites(sites), inject: [SITES] },
        AuthService,
        ScopePolicyService,
        PermissionGuard,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [SITES, TOKEN_SERVICE, LOGGER, ORG_TREE, AuthService, ScopePolicyService, PermissionGuard],
    };
  }
}
