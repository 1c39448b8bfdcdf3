import 'reflect-metadata';
import {
  Module,
  type DynamicModule,
  type INestApplication,
  type Provider,
  type Type,
  type WebSocketAdapter,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Logger } from 'pino';
import type { Sites } from '@campus/device-protocols';
import { AuthModule } from '../auth/auth.module';
import { TokenService } from '../auth/token-service';
import type { AlertBroadcaster } from '../realtime/alert-broadcaster';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { RealtimeModule } from '../realtime/realtime.module';
import { HealthController } from './health.controller';
import { HttpErrorsFilter } from './http-errors.filter';
import { NestPinoLogger } from './nest-logger';
import { setupOpenApi } from './openapi';
import { Readiness } from './readiness';

export interface AlertingAppOptions {
  sites: Sites;
  logger: Logger;
  /** Access tokens; by default `TokenService.fromEnv(env)` (JWT_SECRET, else random with a warning). */
  tokens?: TokenService;
  env?: NodeJS.ProcessEnv;
  /** Marked ready by the caller once every part is up; health answers 503 until then. */
  readiness?: Readiness;
  /**
   * The rest of the alert service plugs in here: the alerts / hazards / telemetry controllers,
   * their services, and modules (e.g. the database module). They can inject everything AuthModule
   * exports (SITES, LOGGER, TOKEN_SERVICE, ORG_TREE, AuthService, ScopePolicyService), Readiness,
   * and ALERT_BROADCASTER / RealtimeGateway. Controllers declare full paths (`@Controller('api/alerts')`);
   * every route needs a bearer token unless `@Public()`; guard actions with `@Requires(...)` and
   * scope every record through ScopePolicyService. Use `@Inject(Token)` on every constructor
   * parameter: the apps run under tsx, which emits no decorator metadata.
   */
  controllers?: Type<unknown>[];
  providers?: Provider[];
  imports?: (Type<unknown> | DynamicModule)[];
  /** A socket.io adapter other than the default (e.g. the Redis adapter for REDIS_URL). */
  webSocketAdapter?: (app: INestApplication) => WebSocketAdapter;
  /** Serve /api/docs (default true). */
  docs?: boolean;
}

export interface AlertingApp {
  app: INestApplication;
  readiness: Readiness;
  /** Push alert changes to socket.io clients (CONTRACTS §6). */
  realtime: AlertBroadcaster;
  tokens: TokenService;
  /** `app.listen(port, host)`; resolves to the base URL. */
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

@Module({})
class AlertingAppModule {
  static register(o: AlertingAppOptions & { tokens: TokenService; readiness: Readiness }): DynamicModule {
    return {
      module: AlertingAppModule,
      imports: [
        AuthModule.register({ sites: o.sites, tokens: o.tokens, logger: o.logger }),
        RealtimeModule,
        ...(o.imports ?? []),
      ],
      controllers: [HealthController, ...(o.controllers ?? [])],
      providers: [{ provide: Readiness, useValue: o.readiness }, ...(o.providers ?? [])],
    };
  }
}

/**
 * The alert service's Nest app (express): auth, health, OpenAPI, socket.io and the global error
 * filter, plus whatever `options` registers. Not listening yet: call `listen(port, host)`.
 */
export async function createAlertingApp(options: AlertingAppOptions): Promise<AlertingApp> {
  const { logger } = options;
  const tokens = options.tokens ?? TokenService.fromEnv(options.env ?? process.env, logger);
  const readiness = options.readiness ?? new Readiness();
  const adapter = new ExpressAdapter();
  adapter.disable('x-powered-by');
  const app = await NestFactory.create(
    AlertingAppModule.register({ ...options, tokens, readiness }),
    adapter,
    {
      logger: new NestPinoLogger(logger.child({ part: 'nest' })),
      abortOnError: false,
      // close() ends keep-alive and half-read connections instead of waiting for them
      forceCloseConnections: true,
    },
  );
  app.useGlobalFilters(new HttpErrorsFilter(logger, app.getHttpAdapter()));
  app.useWebSocketAdapter(options.webSocketAdapter?.(app) ?? new IoAdapter(app));
  if (options.docs !== false) setupOpenApi(app);
  return {
    app,
    readiness,
    realtime: app.get(RealtimeGateway),
    tokens,
    listen: async (port, host) => {
      await (host === undefined ? app.listen(port) : app.listen(port, host));
      return app.getUrl();
    },
    close: () => app.close(),
  };
}
