import { openPglite } from '../db/pglite-database';
import { registryStoreContract } from '../testing/registry-store.contract';

registryStoreContract('PGlite', () => openPglite(undefined));
