import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { addressKey } from '@campus/device-protocols';
import { CalmLane } from '@campus/service-runtime';
import { AuthService } from './auth.service';
import { clientAddress, type AddressedRequest } from './client-address';

/** The part of the response the gate writes. */
interface PlainResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}

/** The same answer as AuthController's for a throttled login (`{error, retryAfterSeconds}`, Retry-After). */
function refuseLogin(res: PlainResponse, wait: number): void {
  res.statusCode = 429;
  res.setHeader('Retry-After', String(wait));
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(
    JSON.stringify({ error: `too many login attempts; try again in ${wait} s`, retryAfterSeconds: wait }),
  );
}

/**
 * `POST /api/auth/login` from a client address that is over its limit is answered 429 here,
 * before routing, guards, validation and the exception filter; the account limits are checked
 * in AuthController. Behind a reverse proxy (TRUST_PROXY) this is where the gate runs, since
 * only express knows the client's forwarded address; otherwise `gateLoginFloods` answers first.
 */
@Injectable()
export class LoginGateMiddleware implements NestMiddleware {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  use(req: AddressedRequest, res: PlainResponse, next: () => void): void {
    const wait = this.auth.addressWait(clientAddress(req));
    if (wait === 0) next();
    else refuseLogin(res, wait);
  }
}

const LOGIN_PATH = '/api/auth/login';

/** Express's matching of `api/auth/login`: any case, an optional trailing slash, any query. */
function isLoginPath(url: string | undefined): boolean {
  if (url === undefined) return false;
  const query = url.indexOf('?');
  let path = (query === -1 ? url : url.slice(0, query)).toLowerCase();
  if (path.endsWith('/')) path = path.slice(0, -1);
  return path === LOGIN_PATH;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The address gate on the HTTP server itself, ahead of express and socket.io: in a flood of guesses
 * from one address almost every request is over the limit, and through express and Nest each
 * would still cost about a millisecond of the event loop that alarms and health checks share
 * (docs/security.md, "Login throttling"). Here a refused login costs a map lookup and a short
 * answer. An admitted login goes on to express in a calm turn of the event loop (CalmLane): while
 * a burst of connections is still being accepted, its cheap requests are answered first. For a
 * server whose client is the socket's peer (no TRUST_PROXY). Call after the app's init, when every
 * `request` listener (express, socket.io's engine) is attached.
 */
export function gateLoginFloods(
  server: HttpServer,
  addressWait: (client: string) => number,
  lane: CalmLane = new CalmLane(),
): void {
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    for (const listener of listeners) listener.call(server, req, res);
  };
  server.on('connection', () => lane.arrived());
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'POST' && isLoginPath(req.url)) {
      const wait = addressWait(addressKey(req.socket.remoteAddress));
      if (wait > 0) {
        refuseLogin(res, wait);
        return;
      }
      lane.run(() => forward(req, res));
      return;
    }
    forward(req, res);
  });
}
