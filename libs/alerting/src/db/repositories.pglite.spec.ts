import { repositoryContract } from './contract';
import { openPglite } from './pglite-database';

// One in-memory PGlite for the whole file (opening one takes seconds).
repositoryContract('PGlite', () => openPglite(undefined));
