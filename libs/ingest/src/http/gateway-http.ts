import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface GatewayHttpOptions {
  registry: Registry;
  /** Whether every part is up; `/api/health` answers 503 until it is. */
  isReady: () => boolean;
}

/**
 * `GET /metrics` (Prometheus text) and `GET /api/health`. A plain request handler, so the
 * all-in-one platform can mount it in front of the alert service on the same port.
 */
export function gatewayHttpHandler(options: GatewayHttpOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? '/').split('?')[0];
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

function methodNotAllowed(res: ServerResponse): void {
  res.writeHead(405, { 'content-type': 'application/json', allow: 'GET' });
  res.end(JSON.stringify({ error: 'method not allowed' }));
}

/** A standalone HTTP server for gateway-only deployments. */
export async function startGatewayHttp(
  port: number,
  host: string | undefined,
  handler: ReturnType<typeof gatewayHttpHandler>,
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
          ? new Error(`port ${port} is already in use: set PORT to a free port`)
          : err,
      ),
    );
    server.listen(port, host, () => resolve());
  });
  return server;
}

export function serverPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}
