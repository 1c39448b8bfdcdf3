import 'reflect-metadata';
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import {
  Module,
  type DynamicModule,
  type INestApplication,
  type Provider,
  type Type,
  type WebSocketAdapter,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Logger } from 'pino';
import type { Sites, SitesSource } from '@campus/device-protocols';
import type { AccountStore } from '../auth/account-store';
import { AuthModule } from '../auth/auth.module';
import { AuthService } from '../auth/auth.service';
import { trustProxyFromEnv } from '../auth/client-address';
import { gateLoginFloods } from '../auth/login-gate.middleware';
import { TokenService } from '../auth/token-service';
import type { AlertBroadcaster } from '../realtime/alert-broadcaster';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { RealtimeModule } from '../realtime/realtime.module';
import { HealthController } from '../http/health.controller';
import { HttpErrorsFilter, httpErrorObserverOf } from '../http/http-errors.filter';
import {
  closeHttps,
  hstsOnlyOverHttps,
  httpsPort,
  listenHttps,
  type HttpsMaterial,
} from '../http/https-listener';
import { NestPinoLogger } from './nest-logger';
import { setupOpenApi } from '../http/openapi';
import { Readiness } from '../http/readiness';
import { securityHeaders } from '../http/security-headers';

export interface AlertingAppOptions {
  /** The registry's live sites (a `SitesHolder`), or a sites file that never changes. */
  sites: Sites | SitesSource;
  logger: Logger;
  /** Access tokens; by default `TokenService.fromEnv(env)` (JWT_SECRET, else random with a warning). */
  tokens?: TokenService;
  env?: NodeJS.ProcessEnv;
  /**
   * Passwords set through the API and token versions (the database's AccountRepository, which
   * `alertingControllersAndProviders` returns); in this process's memory when absent.
   */
  accounts?: AccountStore;
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
  /** Serve /api/docs (default true): to signed-in users and to requests from this machine. */
  docs?: boolean;
}

export interface AlertingApp {
  app: INestApplication;
  readiness: Readiness;
  /** Push alert changes to socket.io clients (docs/alerting.md). */
  realtime: AlertBroadcaster;
  tokens: TokenService;
  /** `app.listen(port, host)`; resolves to the base URL. */
  listen(port: number, host?: string): Promise<string>;
  /**
   * HTTPS_PORT: the same app over TLS as well (after `listen`); resolves to its port. Closed by
   * `close()`.
   */
  listenHttps(port: number, host: string | undefined, tls: HttpsMaterial): Promise<number>;
  close(): Promise<void>;
}

@Module({})
class AlertingAppModule {
  static register(o: AlertingAppOptions & { tokens: TokenService; readiness: Readiness }): DynamicModule {
    return {
      module: AlertingAppModule,
      imports: [
        AuthModule.register({
          sites: o.sites,
          tokens: o.tokens,
          logger: o.logger,
          ...(o.accounts ? { accounts: o.accounts } : {}),
          ...(o.env ? { env: o.env } : {}),
        }),
        RealtimeModule,
        ...(o.imports ?? []),
      ],
      controllers: [HealthController, ...(o.controllers ?? [])],
      providers: [{ provide: Readiness, useValue: o.readiness }, ...(o.providers ?? [])],
    };
  }
}

/**
 * The alert service's Nest app (express): security headers (helmet, with the dashboard's
 * Content-Security-Policy), auth, health, OpenAPI, socket.io and the global error filter, plus
 * whatever `options` registers. Not listening yet: call `listen(port, host)`.
 */
export async function createAlertingApp(options: AlertingAppOptions): Promise<AlertingApp> {
  const { logger } = options;
  const tokens = options.tokens ?? TokenService.fromEnv(options.env ?? process.env, logger);
  const readiness = options.readiness ?? new Readiness();
  const adapter = new ExpressAdapter();
  adapter.disable('x-powered-by');
  // req.ip: the socket's address, or X-Forwarded-For's only as far as TRUST_PROXY says (login throttling)
  const trustProxy = trustProxyFromEnv(options.env ?? process.env);
  adapter.set('trust proxy', trustProxy);
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
  // a sites file imported as YAML (POST /api/sites/import, docs/registry.md): a province's is megabytes
  (app as NestExpressApplication).useBodyParser('text', {
    type: ['text/yaml', 'application/yaml', 'application/x-yaml'],
    limit: '64mb',
  });
  // first, so that every response has them: the API, the docs, the dashboard a host app mounts
  app.use(securityHeaders());
  // HSTS on answers over HTTPS only (HTTPS_PORT, or a trusted proxy's X-Forwarded-Proto)
  app.use(hstsOnlyOverHttps);
  // the audit module's observer (if registered) records refused requests before they are answered
  app.useGlobalFilters(new HttpErrorsFilter(logger, app.getHttpAdapter(), httpErrorObserverOf(app)));
  app.useWebSocketAdapter(options.webSocketAdapter?.(app) ?? new IoAdapter(app));
  if (options.docs !== false) {
    const auth = app.get(AuthService);
    setupOpenApi(app, (token) => auth.authenticate(token));
  }
  const httpsServers: HttpsServer[] = [];
  return {
    app,
    readiness,
    realtime: app.get(RealtimeGateway),
    tokens,
    listen: async (port, host) => {
      await app.init();
      if (trustProxy === false) {
        const auth = app.get(AuthService);
        gateLoginFloods(app.getHttpServer() as HttpServer, (client) => auth.addressWait(client));
      }
      await (host === undefined ? app.listen(port) : app.listen(port, host));
      return app.getUrl();
    },
    listenHttps: async (port, host, tls) => {
      const server = await listenHttps(app.getHttpServer() as HttpServer, tls, port, host);
      httpsServers.push(server);
      return httpsPort(server);
    },
    close: async () => {
      await Promise.all(httpsServers.splice(0).map(closeHttps));
      await app.close();
    },
  };
}
