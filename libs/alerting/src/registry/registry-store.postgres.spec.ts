import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type PostgresServer } from '@campus/test-kit';
import { openPostgres } from '../db/postgres-database';
import { registryStoreContract } from '../testing/registry-store.contract';

// One throwaway server for the file; the second connection pool plays another replica.
let server: PostgresServer | undefined;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

const url = (): string => {
  if (!server) throw new Error('the PostgreSQL test server did not start: see the beforeAll error');
  return server.url;
};

registryStoreContract(
  'PostgreSQL',
  () => openPostgres(url()),
  () => openPostgres(url()),
);
