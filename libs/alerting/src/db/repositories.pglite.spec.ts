import { auditContract } from '../testing/audit-repository.contract';
import { repositoryContract } from '../testing/repository-contract/repository.contract';
import { accountContract } from '../testing/repository-contract/account.contract';
import { openPglite } from './pglite-database';

// One in-memory PGlite for the whole file (opening one takes seconds).
repositoryContract('PGlite', () => openPglite(undefined));
accountContract('PGlite', () => openPglite(undefined));
auditContract('PGlite', () => openPglite(undefined));
