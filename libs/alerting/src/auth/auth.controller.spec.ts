import { HttpException, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { CredentialCheckBusyError } from '@campus/device-protocols';
import { httpErrorOf } from '../http/error-body';
import { AuthController, type HeaderResponse } from './auth.controller';
import { LoginThrottledError, type AuthService } from './auth.service';

const controllerWith = (login: AuthService['login']): AuthController =>
  new AuthController({ login } as Pick<AuthService, 'login'> as AuthService);

const body = { username: 'yanta', password: 'yanta-pass' };
const request = { ip: '10.1.2.3' };

/** A response that records the headers set on it. */
function response(): HeaderResponse & { headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  return { headers, setHeader: (name: string, value: string) => (headers[name] = value) };
}

describe('AuthController.login', () => {
  it('answers 401 for bad credentials', async () => {
    const refused = controllerWith(async () => null).login(body, request, response());
    await expect(refused).rejects.toBeInstanceOf(UnauthorizedException);
    expect(httpErrorOf(await refused.catch((e: unknown) => e))).toMatchObject({
      status: 401,
      body: { error: 'invalid username or password' },
    });
  });

  it('answers 503 "try again" when too many password checks already wait', async () => {
    const res = response();
    const busy = controllerWith(() => Promise.reject(new CredentialCheckBusyError())).login(
      body,
      request,
      res,
    );
    await expect(busy).rejects.toBeInstanceOf(ServiceUnavailableException);
    expect(httpErrorOf(await busy.catch((e: unknown) => e))).toMatchObject({
      status: 503,
      body: { error: 'too many credential checks in progress; try again' },
    });
    expect(res.headers).toEqual({ 'Retry-After': '1' });
  });

  it('answers 429 with Retry-After and {error, retryAfterSeconds} when throttled', async () => {
    const res = response();
    const throttled = controllerWith(() =>
      Promise.reject(new LoginThrottledError(840, 'account_locked')),
    ).login(body, request, res);
    await expect(throttled).rejects.toBeInstanceOf(HttpException);
    expect(httpErrorOf(await throttled.catch((e: unknown) => e))).toEqual({
      status: 429,
      internal: false,
      body: { error: 'too many login attempts; try again in 840 s', retryAfterSeconds: 840 },
    });
    expect(res.headers).toEqual({ 'Retry-After': '840' });
  });

  it('passes the client address on', async () => {
    let seen = '';
    await controllerWith(async (_u, _p, client) => {
      seen = client;
      return null;
    })
      .login(body, { ip: '::ffff:10.9.8.7' }, response())
      .catch(() => undefined);
    expect(seen).toBe('10.9.8.7');
  });

  it('lets any other failure through as it is', async () => {
    const failure = new Error('token signing failed');
    await expect(controllerWith(() => Promise.reject(failure)).login(body, request, response())).rejects.toBe(
      failure,
    );
  });
});
