import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { AuthService } from './auth.service';
import { clientAddress, type AddressedRequest } from './client-address';

/** The part of the response the gate writes. */
interface PlainResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}

/**
 * `POST /api/auth/login` from a client address that is over its limit is answered 429 here,
 * before routing, guards, validation and the exception filter: in a flood of guesses from one
 * address almost every request is such a one, and each must cost as little as possible so that
 * alarms and health checks keep their turn on the event loop. The same answer as AuthController's
 * (`{error, retryAfterSeconds}` and `Retry-After`); the account limits are checked there.
 */
@Injectable()
export class LoginGateMiddleware implements NestMiddleware {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  use(req: AddressedRequest, res: PlainResponse, next: () => void): void {
    const wait = this.auth.addressWait(clientAddress(req));
    if (wait === 0) {
      next();
      return;
    }
    res.statusCode = 429;
    res.setHeader('Retry-After', String(wait));
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(
      JSON.stringify({ error: `too many login attempts; try again in ${wait} s`, retryAfterSeconds: wait }),
    );
  }
}
