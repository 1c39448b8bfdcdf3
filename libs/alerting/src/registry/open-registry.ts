import type { Logger } from 'pino';
import { SitesHolder } from '@campus/device-protocols';
import type { Database } from '../db/database';
import type { RegistryStore, SitesDocument } from './registry-store';
import { SqlRegistryStore, validateSitesDocument } from './sql-registry-store';

/** What seeds an empty registry: the sites file's content (SITES_FILE, or the built-in demo). */
export interface RegistrySeed {
  document: SitesDocument;
  /** How messages name it: the path, or `built-in demo province`. */
  source: string;
  /** SITES_FILE, when the seed is an operator's file (absent: the demo). */
  file?: string;
}

export interface OpenedRegistry {
  store: SqlRegistryStore;
  /** The process's live sites, replaced on every registry version. */
  holder: SitesHolder;
  /** Whether this start seeded the registry (version 1 from `seed`). */
  seeded: boolean;
  stop(): Promise<void>;
}

/** How the registry's sites are named in messages. */
const sourceOf = (version: number) => `registry version ${version}`;

/**
 * Opens the registry (docs/registry.md, "Start-up"): an empty one is seeded from `seed` as version
 * 1 (actor `system:seed`); a registry that has content wins over the file, which is then not
 * applied — said once in the log, with how to see and apply its diff. The holder is built from the
 * registry and replaced on every new version, from this process or another replica.
 */
export async function openRegistry(
  db: Database,
  options: {
    seed: RegistrySeed;
    logger: Logger;
    /**
     * A holder to keep in step instead of a new one: the one-box platform's, which its gateway
     * follows (it holds the sites file until the registry's version replaces it here).
     */
    holder?: SitesHolder;
  },
): Promise<OpenedRegistry> {
  const { seed, logger } = options;
  const store = await SqlRegistryStore.open(db, { logger: logger.child({ part: 'registry' }) });
  try {
    let { version, document } = await store.read();
    let seeded = false;
    if (document === undefined) {
      // Another replica may seed at the same moment: whoever comes second finds content and keeps it.
      const commit = await store.mutate(
        { kind: 'system', what: 'seed' },
        `seeded from ${seed.source}`,
        (current) => (Object.keys(current).length === 0 ? seed.document : current),
      );
      seeded = commit.changes.length > 0;
      ({ version, document } = await store.read());
      if (seeded)
        logger.info({ version, source: seed.source, entries: commit.changes.length }, 'registry seeded');
    } else if (seed.file !== undefined) {
      logger.warn(
        { version, sitesFile: seed.file },
        `the registry (version ${version}) is in use: SITES_FILE ${seed.file} was NOT applied. ` +
          `See what it would change with "npm run sites -- diff ${seed.file}", apply it with ` +
          `"npm run sites -- import ${seed.file}" (or POST /api/sites/import while the service runs)`,
      );
    } else {
      logger.info({ version }, 'registry in use (the built-in demo province seeds an empty registry only)');
    }
    const sites = validateSitesDocument(document ?? {}, sourceOf(version));
    const holder = options.holder ?? new SitesHolder(sites, version);
    if (options.holder) options.holder.replace(sites, version);
    follow(store, holder, logger);
    return { store, holder, seeded, stop: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Replaces the holder's sites on every new version (read → parse → replace), one read at a time. */
function follow(store: RegistryStore, holder: SitesHolder, logger: Logger): void {
  let chain: Promise<void> = Promise.resolve();
  store.onVersion(() => {
    chain = chain.then(async () => {
      try {
        const { version, document } = await store.read();
        if (version <= holder.version || document === undefined) return;
        holder.replace(validateSitesDocument(document, sourceOf(version)), version);
        logger.info({ version }, 'sites replaced from the registry');
      } catch (error) {
        logger.error(
          { err: error },
          'cannot load the new registry version: this process keeps the sites it has — restart it if this persists',
        );
      }
    });
  });
}
