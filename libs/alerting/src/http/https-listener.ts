import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** HTTPS_PORT's certificate and key (TLS_CERT_FILE, TLS_KEY_FILE), read at start. */
export interface HttpsMaterial {
  cert: Buffer;
  key: Buffer;
}

/**
 * A second listener for the app that `httpServer` serves: every request and WebSocket upgrade
 * arriving over TLS is handed to the very handlers of the HTTP server (express, and socket.io's
 * engine, which wraps them), so the API, socket.io and the dashboard answer alike on both ports.
 */
export async function listenHttps(
  httpServer: HttpServer,
  material: HttpsMaterial,
  port: number,
  host: string | undefined,
): Promise<HttpsServer> {
  const server = createHttpsServer({ cert: material.cert, key: material.key, minVersion: 'TLSv1.2' });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => httpServer.emit('request', req, res));
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) =>
    httpServer.emit('upgrade', req, socket, head),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${port} is already in use: set HTTPS_PORT to a free port`)
          : err,
      ),
    );
    server.listen(port, host, () => resolve());
  });
  return server;
}

export function httpsPort(server: HttpsServer): number {
  return (server.address() as AddressInfo).port;
}

/** Closes the listener and its keep-alive connections (the app's own close ends the sockets it upgraded). */
export function closeHttps(server: HttpsServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * HSTS belongs to answers that came over HTTPS: directly (HTTPS_PORT) or through a reverse proxy
 * that TRUST_PROXY trusts and that says `X-Forwarded-Proto: https` (express's `req.secure`). Over
 * plain HTTP the header is dropped: browsers ignore it there, and a county box reached on its LAN
 * address over HTTP must not be told to use HTTPS it does not serve.
 */
export function hstsOnlyOverHttps(
  req: { secure: boolean },
  res: { removeHeader(name: string): void },
  next: () => void,
): void {
  if (!req.secure) res.removeHeader('Strict-Transport-Security');
  next();
}
