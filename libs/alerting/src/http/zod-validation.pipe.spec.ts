import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZodValidationPipe } from './zod-validation.pipe';

const schema = z.object({ note: z.string().max(3).optional(), items: z.array(z.object({ n: z.number() })) });
const pipe = new ZodValidationPipe(schema);

const failure = (value: unknown, type: 'body' | 'query' = 'body'): unknown => {
  try {
    pipe.transform(value, { type });
  } catch (e) {
    expect(e).toBeInstanceOf(BadRequestException);
    return (e as BadRequestException).getResponse();
  }
  throw new Error('no failure');
};

describe('ZodValidationPipe', () => {
  it('hands back the parsed value', () => {
    expect(pipe.transform({ items: [{ n: 1 }], extra: true }, { type: 'body' })).toEqual({
      items: [{ n: 1 }],
    });
  });

  it('400 with {error, details: [{path, message}]}', () => {
    expect(failure({ note: 'long', items: [{ n: 'x' }] })).toEqual({
      error: 'invalid request body',
      details: [
        { path: 'note', message: expect.any(String) },
        { path: 'items.0.n', message: expect.any(String) },
      ],
    });
  });

  it('names the input as a whole with an empty path, and says which input', () => {
    expect(failure(null, 'query')).toEqual({
      error: 'invalid query parameters',
      details: [{ path: '', message: expect.any(String) }],
    });
  });
});
