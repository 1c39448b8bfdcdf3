import type { Logger } from 'pino';
import { parseSitesDocument, SitesFileError, verifySecretAsync, type Sites } from '@campus/device-protocols';
import { hashPassword } from '../auth/password-hash';
import type { Database } from '../db/database';
import {
  commitRegistryVersion,
  lockRegistryVersion,
  readAccountHashes,
  readRegistryHistory,
  readRegistryRows,
  readRegistryVersion,
  REGISTRY_CHANNEL,
  REGISTRY_LOCK_KEY,
  writeRegistryChanges,
} from '../db/registry-repository';
import { parsePlanConfig, PlanConfigError } from '../plans/plan-config';
import { parseRuleConfig } from '../rules/rule-config';
import { RuleConfigError } from '../rules/rule-config-error';
import { diffRows } from './registry-diff';
import { assignContactIds, hashCredentials, newContactId, type CredentialHasher } from './registry-prepare';
import { documentToRows, emptyRows, rowsToDocument, type RegistryRows } from './registry-rows';
import {
  RegistryValidationError,
  type RegistryActor,
  type RegistryCommit,
  type RegistryEntity,
  type RegistryHistoryEntry,
  type RegistryStore,
  type SitesDocument,
} from './registry-store';

export interface SqlRegistryStoreOptions {
  logger?: Logger;
  now?: () => Date;
  /** scrypt on the thread pool by default (the sites file's hash format). */
  hasher?: CredentialHasher;
  newContactId?: () => string;
}

interface Snapshot {
  version: number;
  rows: RegistryRows;
  document: SitesDocument;
}

/** How a change's author is written in the history. */
export function actorName(actor: RegistryActor): string {
  return actor.kind === 'user' ? actor.username : `system:${actor.what}`;
}

/** Raised inside the write transaction when another writer committed first; the change is redone. */
class StaleVersion extends Error {}

const MAX_ATTEMPTS = 5;

const DEFAULT_HASHER: CredentialHasher = {
  hash: hashPassword,
  verify: (plain, hash) => verifySecretAsync(plain, { secretHash: hash }),
};

/**
 * Checks a document whole: the sites file's checks (`parseSitesDocument`), then the alert
 * service's own checks of `rules:` (rule-config.ts) and `plans:` (plan-config.ts). Refusals are `RegistryValidationError`s.
 */
export function validateSitesDocument(doc: SitesDocument, source: string): Sites {
  let sites: Sites;
  try {
    sites = parseSitesDocument(doc, source);
  } catch (error) {
    if (error instanceof SitesFileError) throw new RegistryValidationError(error.path, error.problem);
    throw error;
  }
  try {
    parseRuleConfig(sites.rules, { sites, source });
  } catch (error) {
    if (error instanceof RuleConfigError) {
      const first = error.problems[0];
      const path = first?.index === undefined ? 'rules' : `rules[${first.index}]`;
      const more =
        error.problems.length > 1 ? ` (and ${error.problems.length - 1} more problems in rules)` : '';
      throw new RegistryValidationError(path, `${first?.reason ?? error.message}${more}`);
    }
    throw error;
  }
  try {
    parsePlanConfig(sites.plans, sites);
  } catch (error) {
    if (error instanceof PlanConfigError) {
      const [first = error.message] = error.problems;
      const more =
        error.problems.length > 1 ? ` (and ${error.problems.length - 1} more problems in plans)` : '';
      throw new RegistryValidationError('', `${first}${more}`);
    }
    throw error;
  }
  return sites;
}

/**
 * The registry on the alert service's database (PGlite or PostgreSQL), see registry-store.ts.
 *
 * A change is computed outside any lock (hashing a secret costs scrypt), then written in one
 * transaction that first takes the registry's advisory lock (PostgreSQL) and checks that the
 * version it started from is still current; if another writer came first, the change is redone on
 * the newer document. Changes in this process also queue one behind the other.
 */
export class SqlRegistryStore implements RegistryStore {
  private readonly listeners = new Set<(version: number) => void>();
  private cache: Snapshot | undefined;
  private announced = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private unlisten: (() => Promise<void>) | undefined;
  private readonly now: () => Date;
  private readonly hasher: CredentialHasher;
  private readonly newContactId: () => string;

  private constructor(
    private readonly db: Database,
    private readonly options: SqlRegistryStoreOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.hasher = options.hasher ?? DEFAULT_HASHER;
    this.newContactId = options.newContactId ?? newContactId;
  }

  /** Opens the store on a migrated database; on PostgreSQL it starts listening for other replicas' versions. */
  static async open(db: Database, options: SqlRegistryStoreOptions = {}): Promise<SqlRegistryStore> {
    const store = new SqlRegistryStore(db, options);
    store.announced = await readRegistryVersion(db);
    if (db.listen) {
      store.unlisten = await db.listen(
        REGISTRY_CHANNEL,
        (payload) => store.announce(Number(payload)),
        () => void store.catchUp(),
      );
    }
    return store;
  }

  /** Stops listening; the database stays open. */
  async close(): Promise<void> {
    this.listeners.clear();
    await this.unlisten?.();
    this.unlisten = undefined;
  }

  async read(): Promise<{ version: number; document: SitesDocument | undefined }> {
    const snap = await this.snapshot();
    return {
      version: snap.version,
      document: snap.version === 0 ? undefined : structuredClone(snap.document),
    };
  }

  mutate(
    actor: RegistryActor,
    reason: string,
    change: (current: SitesDocument) => SitesDocument,
    options: { dryRun?: boolean } = {},
  ): Promise<RegistryCommit> {
    const run = this.queue.then(() => this.mutateNow(actor, reason, change, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async history(
    filter: { entity?: RegistryEntity; key?: string; limit?: number } = {},
  ): Promise<RegistryHistoryEntry[]> {
    return readRegistryHistory(this.db, filter);
  }

  onVersion(listener: (version: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async mutateNow(
    actor: RegistryActor,
    reason: string,
    change: (current: SitesDocument) => SitesDocument,
    options: { dryRun?: boolean },
  ): Promise<RegistryCommit> {
    for (let attempt = 1; ; attempt++) {
      const snap = await this.snapshot();
      const prepared = await this.prepare(snap, change);
      const changes = diffRows(snap.rows, prepared.rows);
      if (options.dryRun || changes.length === 0) {
        return { version: snap.version, changes, sites: prepared.sites };
      }
      const version = snap.version + 1;
      const at = this.now();
      try {
        await this.db.transaction(async (tx) => {
          if (this.db.dialect === 'postgres') {
            await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [REGISTRY_LOCK_KEY]);
          }
          if ((await lockRegistryVersion(tx)) !== snap.version) throw new StaleVersion();
          await writeRegistryChanges(tx, changes, at);
          await commitRegistryVersion(
            tx,
            { version, at, actor: actorName(actor), reason, changes },
            this.db.dialect === 'postgres',
          );
        });
      } catch (error) {
        if (error instanceof StaleVersion && attempt < MAX_ATTEMPTS) continue;
        if (error instanceof StaleVersion) {
          throw new Error(
            `the registry changed under this change ${MAX_ATTEMPTS} times in a row (other replicas are writing): try again`,
          );
        }
        throw error;
      }
      this.cache = { version, rows: prepared.rows, document: rowsToDocument(prepared.rows) };
      this.options.logger?.info(
        { version, actor: actorName(actor), reason, changes: changes.length },
        'registry changed',
      );
      this.announce(version);
      return { version, changes, sites: prepared.sites };
    }
  }

  /** The changed document, checked, with ids and hashes, as rows. */
  private async prepare(
    snap: Snapshot,
    change: (current: SitesDocument) => SitesDocument,
  ): Promise<{ rows: RegistryRows; sites: Sites }> {
    let next = assignContactIds(change(structuredClone(snap.document)), snap.rows, this.newContactId);
    const source = `registry version ${snap.version + 1}`;
    // shape first, so a malformed plain secret is refused before anything is hashed
    validateSitesDocument(next, source);
    if (snap.version === 0) next = await this.keepAccountPasswords(next);
    next = await hashCredentials(next, snap.rows, this.hasher);
    const rows = documentToRows(next);
    const sites = validateSitesDocument(rowsToDocument(rows), source);
    return { rows, sites };
  }

  /**
   * The first version keeps a password changed through the API before the registry existed:
   * `alerting.accounts` already holds it, and it replaced the sites file's then (docs/registry.md).
   */
  private async keepAccountPasswords(doc: SitesDocument): Promise<SitesDocument> {
    const users = doc['users'];
    if (!Array.isArray(users)) return doc;
    const kept = await readAccountHashes(this.db);
    if (kept.size === 0) return doc;
    return {
      ...doc,
      users: users.map((u: unknown) => {
        if (typeof u !== 'object' || u === null) return u;
        const entry = u as Record<string, unknown>;
        const hash = kept.get(String(entry['username']));
        if (hash === undefined) return u;
        const { password: _password, ...rest } = entry;
        return { ...rest, passwordHash: hash };
      }),
    };
  }

  private async snapshot(): Promise<Snapshot> {
    const version = await readRegistryVersion(this.db);
    if (version === 0) return { version, rows: emptyRows(), document: {} };
    if (this.cache?.version === version) return this.withCurrentPasswords(this.cache);
    const snap = await this.db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const at = await readRegistryVersion(tx);
      const rows = await readRegistryRows(tx);
      return { version: at, rows, document: rowsToDocument(rows) };
    });
    this.cache = snap;
    return snap;
  }

  /**
   * A password changed through the API (its owner, an admin reset) changes `alerting.accounts`
   * without a registry version: the cached rows take the hashes as they are now.
   */
  private async withCurrentPasswords(snap: Snapshot): Promise<Snapshot> {
    const hashes = await readAccountHashes(this.db);
    if (snap.rows.users.every((u) => u.passwordHash === hashes.get(u.username))) return snap;
    const users = snap.rows.users.map((u) => {
      const { passwordHash: _old, ...rest } = u;
      const hash = hashes.get(u.username);
      return hash === undefined ? rest : { ...rest, passwordHash: hash };
    });
    const rows = { ...snap.rows, users };
    this.cache = { version: snap.version, rows, document: rowsToDocument(rows) };
    return this.cache;
  }

  /** After a lost LISTEN connection: announce the version if it moved meanwhile. */
  private async catchUp(): Promise<void> {
    try {
      this.announce(await readRegistryVersion(this.db));
    } catch (error) {
      this.options.logger?.warn({ err: error }, 'cannot read the registry version after reconnecting');
    }
  }

  /** Each version once, in increasing order, whether committed here or announced by another replica. */
  private announce(version: number): void {
    if (!Number.isInteger(version) || version <= this.announced) return;
    this.announced = version;
    for (const listener of [...this.listeners]) {
      try {
        listener(version);
      } catch (error) {
        this.options.logger?.error({ err: error, version }, 'a registry version listener failed');
      }
    }
  }
}
