import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { bearerToken } from '../auth/auth-request';

export const DOCS_PATH = 'api/docs';
export const DOCS_JSON_PATH = 'api/docs-json';

/** Every path the OpenAPI setup serves: the UI and its assets, `-json` and `-yaml`. */
const DOCS_PATHS = /^\/api\/docs(?:-json|-yaml)?(?:\/|$)/;

/** Headers a reverse proxy adds: a request that carries one came from elsewhere, whatever its socket says. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/** 127.0.0.0/8, ::1 and IPv4-mapped 127.x. */
function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** A request from this machine itself, not relayed by a reverse proxy on it. */
export function isDirectLoopbackRequest(req: Pick<IncomingMessage, 'headers' | 'socket'>): boolean {
  return (
    isLoopbackAddress(req.socket.remoteAddress) && PROXY_HEADERS.every((h) => req.headers[h] === undefined)
  );
}

/** Whether a bearer token belongs to a signed-in user (the auth service's check). */
export type DocsAuthenticate = (token: string) => Promise<unknown>;

/**
 * Who may read the API docs (docs/alerting.md): a signed-in user (their `Authorization: Bearer`
 * token), or anyone on this machine itself (a browser there, or through an SSH tunnel: a browser
 * cannot send a bearer token when it opens the UI). Everyone else gets 401: the document maps the
 * whole API for an attacker.
 */
export function docsGuard(authenticate: DocsAuthenticate) {
  return (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!DOCS_PATHS.test(path) || isDirectLoopbackRequest(req)) return next();
    const token = bearerToken(req.headers.authorization);
    const refuse = () => {
      res.statusCode = 401;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('www-authenticate', 'Bearer');
      res.end(
        JSON.stringify({
          error:
            'the API docs need a signed-in user: send Authorization: Bearer <accessToken> from POST /api/auth/login, or open them on the machine itself',
        }),
      );
    };
    if (token === undefined) return refuse();
    authenticate(token).then(
      (session) => (session === null || session === undefined ? refuse() : next()),
      (err: unknown) => next(err),
    );
  };
}

/**
 * OpenAPI (docs/alerting.md): Swagger UI at `GET /api/docs` (assets from the local swagger-ui-dist,
 * nothing fetched from the internet), the document at `GET /api/docs-json`, all behind `docsGuard`.
 * Bearer auth is declared and required by default; `@Public()` routes declare that they need none.
 * Call after every controller is registered, before `listen`.
 */
export function setupOpenApi(app: INestApplication, authenticate: DocsAuthenticate): void {
  app.use(docsGuard(authenticate));
  const config = new DocumentBuilder()
    .setTitle('Campus Safety Platform API')
    .setDescription(
      'Alerts, hazards and telemetry of a province’s schools. Log in with POST /api/auth/login and send ' +
        '`Authorization: Bearer <accessToken>`. A user sees exactly their org unit and everything below it; ' +
        'anything outside answers 404. Live alerts: socket.io on the same port, `auth: {token}`, event `alert`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: DOCS_JSON_PATH,
    customSiteTitle: 'Campus Safety Platform API',
  });
}
