import { ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { CredentialCheckBusyError } from '@campus/device-protocols';
import { httpErrorOf } from '../api/error-body';
import { AuthController } from './auth.controller';
import type { AuthService } from './auth.service';

const controllerWith = (login: AuthService['login']): AuthController =>
  new AuthController({ login } as Pick<AuthService, 'login'> as AuthService);

const body = { username: 'yanta', password: 'yanta-pass' };

describe('AuthController.login', () => {
  it('answers 401 for bad credentials', async () => {
    const refused = controllerWith(async () => null).login(body);
    await expect(refused).rejects.toBeInstanceOf(UnauthorizedException);
    expect(httpErrorOf(await refused.catch((e: unknown) => e))).toMatchObject({
      status: 401,
      body: { error: 'invalid username or password' },
    });
  });

  it('answers 503 "try again" when too many password checks already wait', async () => {
    const busy = controllerWith(() => Promise.reject(new CredentialCheckBusyError())).login(body);
    await expect(busy).rejects.toBeInstanceOf(ServiceUnavailableException);
    expect(httpErrorOf(await busy.catch((e: unknown) => e))).toMatchObject({
      status: 503,
      body: { error: 'too many credential checks in progress; try again' },
    });
  });

  it('lets any other failure through as it is', async () => {
    const failure = new Error('token signing failed');
    await expect(controllerWith(() => Promise.reject(failure)).login(body)).rejects.toBe(failure);
  });
});
