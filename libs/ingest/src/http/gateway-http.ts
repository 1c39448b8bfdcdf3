import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface GatewayHttpOptions {
  registry: Registry;
  /** Whether every part is up; `/api/health` answers 503 until it is. */
  isReady: () => boolean;
}

export type GatewayHttpHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * `GET /metrics` (Prometheus text) and `GET /api/health`. A plain request handler, so the
 * all-in-one platform can mount it in front of the alert service on the same port. It does not
 * check who asks: put `guardMetrics` in front of it on a port the network can reach.
 */
export function gatewayHttpHandler(options: GatewayHttpOptions): GatewayHttpHandler {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = pathOf(req);
    if (path === '/metrics') {
      if (req.method !== 'GET') return (methodNotAllowed(res), true);
      res.writeHead(200, { 'content-type': options.registry.contentType });
      res.end(await options.registry.metrics());
      return true;
    }
    if (path === '/api/health') {
      if (req.method !== 'GET') return (methodNotAllowed(res), true);
      const ready = options.isReady();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: ready ? 'ok' : 'starting' }));
      return true;
    }
    return false;
  };
}

const pathOf = (req: IncomingMessage): string => (req.url ?? '/').split('?')[0] ?? '/';

function methodNotAllowed(res: ServerResponse): void {
  res.writeHead(405, { 'content-type': 'application/json', allow: 'GET' });
  res.end(JSON.stringify({ error: 'method not allowed' }));
}

/** 127.0.0.0/8, ::1 and IPv4-mapped 127.x (`::ffff:127.0.0.1`). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Headers a reverse proxy adds: a request that carries one came from elsewhere, whatever its socket says. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/**
 * A request from this machine itself: a loopback peer, and not relayed by a reverse proxy on this
 * machine (which would make every remote client look local).
 */
export function isDirectLoopbackRequest(req: Pick<IncomingMessage, 'headers' | 'socket'>): boolean {
  return (
    isLoopbackAddress(req.socket.remoteAddress) && PROXY_HEADERS.every((h) => req.headers[h] === undefined)
  );
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The token of an `Authorization: Bearer <token>` header; undefined when absent or malformed. */
function bearer(header: string | undefined): string | undefined {
  return header === undefined ? undefined : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)?.[1];
}

export interface MetricsAccess {
  /** `METRICS_TOKEN`: when set, `/metrics` wants `Authorization: Bearer <token>` from everyone. */
  token?: string;
}

export type MetricsDecision = 'allow' | 'bad_token' | 'not_local';

/**
 * Who may read `/metrics` on a port the network can reach (docs/operations.md): with
 * METRICS_TOKEN, whoever sends it as a bearer token (compared in constant time); without it, only
 * direct requests from this machine.
 */
export function decideMetricsAccess(
  req: Pick<IncomingMessage, 'headers' | 'socket'>,
  access: MetricsAccess,
): MetricsDecision {
  if (access.token !== undefined) {
    const given = bearer(req.headers.authorization);
    return given !== undefined && timingSafeEqual(digest(given), digest(access.token))
      ? 'allow'
      : 'bad_token';
  }
  return isDirectLoopbackRequest(req) ? 'allow' : 'not_local';
}

/**
 * `handler` with `/metrics` behind `decideMetricsAccess`: 401 (with `WWW-Authenticate`) for a
 * missing or wrong token, 403 from elsewhere when no token is configured. Other paths pass through.
 */
export function guardMetrics(handler: GatewayHttpHandler, access: MetricsAccess): GatewayHttpHandler {
  return async (req, res) => {
    if (pathOf(req) !== '/metrics') return handler(req, res);
    const decision = decideMetricsAccess(req, access);
    if (decision === 'allow') return handler(req, res);
    if (decision === 'bad_token') {
      res.writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': 'Bearer realm="metrics"',
      });
      res.end(JSON.stringify({ error: '/metrics needs Authorization: Bearer <METRICS_TOKEN>' }));
    } else {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error:
            '/metrics answers only requests from this machine: set METRICS_TOKEN (bearer token) or METRICS_PORT (a listener of its own) to scrape it from elsewhere',
        }),
      );
    }
    return true;
  };
}

/** Only `/metrics`, for the `METRICS_PORT` listener (no token: the operator keeps that port private). */
export function metricsOnly(handler: GatewayHttpHandler): GatewayHttpHandler {
  return async (req, res) => (pathOf(req) === '/metrics' ? handler(req, res) : false);
}

/**
 * A standalone HTTP server for `handler` (404 for what it does not handle). `/metrics` is behind
 * `guardMetrics(access)`, by default loopback only.
 */
export function startGatewayHttp(
  port: number,
  host: string | undefined,
  handler: GatewayHttpHandler,
  access: MetricsAccess = {},
): Promise<Server> {
  return listenHttp(port, host, guardMetrics(handler, access), 'PORT');
}

/**
 * The `METRICS_PORT` listener, bound to HOST: `/metrics` without a token (whoever reaches this
 * port may read the metrics: that is what it is for), 404 for anything else.
 */
export function startMetricsHttp(
  port: number,
  host: string | undefined,
  handler: GatewayHttpHandler,
): Promise<Server> {
  return listenHttp(port, host, metricsOnly(handler), 'METRICS_PORT');
}

async function listenHttp(
  port: number,
  host: string | undefined,
  handler: GatewayHttpHandler,
  variable: string,
): Promise<Server> {
  const server = createServer((req, res) => {
    handler(req, res).then(
      (handled) => {
        if (!handled) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'not found' }));
        }
      },
      () => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'internal error' }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${port} is already in use: set ${variable} to a free port`)
          : err,
      ),
    );
    server.listen(port, host, () => resolve());
  });
  return server;
}

/**
 * A handler to open the port with before the gateway is up: `/api/health` and `/metrics` answer
 * 503 until `serve(handler)` hands over to the gateway's own.
 */
export function handlerWhileStarting(): {
  handler: GatewayHttpHandler;
  serve(handler: GatewayHttpHandler): void;
} {
  let current: GatewayHttpHandler | undefined;
  return {
    handler: async (req, res) => {
      if (current !== undefined) return current(req, res);
      const path = pathOf(req);
      if (path !== '/api/health' && path !== '/metrics') return false;
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'starting' }));
      return true;
    },
    serve: (handler) => {
      current = handler;
    },
  };
}

export function serverPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
