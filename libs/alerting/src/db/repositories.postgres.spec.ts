import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type PostgresServer } from '@campus/test-kit';
import { auditContract } from '../testing/audit-repository.contract';
import { repositoryContract } from '../testing/repository-contract/repository.contract';
import { accountContract } from '../testing/repository-contract/account.contract';
import { postgresRaces } from '../testing/repository-contract/postgres-races.contract';
import { openPostgres } from './postgres-database';

// One throwaway server for the whole file; each suite gets a database of its own on it.
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

repositoryContract('PostgreSQL', () => openPostgres(url()));
postgresRaces(url);
accountContract('PostgreSQL', () => openPostgres(url()));
auditContract('PostgreSQL', () => openPostgres(url()));
