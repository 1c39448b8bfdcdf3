import { BadRequestException, HttpException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { httpErrorOf } from './error-body';

const bodyParserError = (type: string, status: number, message: string): Error =>
  Object.assign(new SyntaxError(message), { status, statusCode: status, type, expose: true });

describe('httpErrorOf', () => {
  it('Nest exceptions become {error: message}', () => {
    expect(httpErrorOf(new UnauthorizedException('invalid username or password'))).toEqual({
      status: 401,
      body: { error: 'invalid username or password' },
      internal: false,
    });
    expect(httpErrorOf(new NotFoundException()).body).toEqual({ error: 'Not Found' });
    expect(httpErrorOf(new HttpException('plain', 418)).body).toEqual({ error: 'plain' });
    expect(httpErrorOf(new BadRequestException(['a is bad', 'b is bad'])).body).toEqual({
      error: 'a is bad; b is bad',
    });
  });

  it('our own bodies pass as they are (validation details)', () => {
    const details = [{ path: 'password', message: 'Required' }];
    expect(httpErrorOf(new BadRequestException({ error: 'invalid request body', details })).body).toEqual({
      error: 'invalid request body',
      details,
    });
  });

  it('body-parser errors, raw or wrapped by Nest, get a clean message', () => {
    const raw = bodyParserError('entity.parse.failed', 400, 'Unexpected token } in JSON');
    expect(httpErrorOf(raw)).toEqual({
      status: 400,
      body: { error: 'request body is not valid JSON' },
      internal: false,
    });
    const wrapped = new BadRequestException('Unexpected token', { cause: raw });
    expect(httpErrorOf(wrapped).body).toEqual({ error: 'request body is not valid JSON' });
    const big = bodyParserError('entity.too.large', 413, 'request entity too large');
    expect(httpErrorOf(new HttpException('x', 413, { cause: big }))).toMatchObject({
      status: 413,
      body: { error: 'request body too large' },
    });
  });

  it('anything else is a 500 that says nothing about itself', () => {
    const e = new Error('password=hunter2 at /srv/app.ts:12');
    expect(httpErrorOf(e)).toEqual({ status: 500, body: { error: 'internal server error' }, internal: true });
    expect(httpErrorOf('a string')).toMatchObject({ status: 500, internal: true });
    expect(httpErrorOf(Object.assign(new Error('x'), { status: 503 }))).toMatchObject({ status: 500 });
    expect(httpErrorOf(Object.assign(new Error('hidden'), { status: 400, expose: false })).status).toBe(500);
  });

  it('5xx HttpExceptions are internal (logged)', () => {
    expect(httpErrorOf(new HttpException('down', 503))).toMatchObject({ status: 503, internal: true });
  });
});
