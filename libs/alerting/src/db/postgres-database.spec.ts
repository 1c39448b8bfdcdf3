import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeDatabaseUrl } from './connection-target';
import { openPostgres } from './postgres-database';

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

describe('openPostgres', () => {
  it('fails clearly when the server is unreachable, naming the host but not the password', async () => {
    const port = await closedPort();
    const error = await openPostgres(`postgresql://campus:s3cret-pw@127.0.0.1:${port}/campus`, {
      connectTimeoutMs: 2000,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`cannot connect to PostgreSQL at campus@127.0.0.1:${port}/campus`);
    expect(message).toContain('check DATABASE_URL');
    expect(message).not.toContain('s3cret-pw');
  });
});

describe('describeDatabaseUrl', () => {
  it('drops the password', () => {
    expect(describeDatabaseUrl('postgres://u:p%40ss@db.example:6543/campus?sslmode=require')).toBe(
      'u@db.example:6543/campus',
    );
    expect(describeDatabaseUrl('postgresql://db.example/campus')).toBe('db.example:5432/campus');
    expect(describeDatabaseUrl('not a url:secret')).not.toContain('secret');
  });
});
