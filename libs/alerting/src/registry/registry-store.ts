import type { Role, Sites } from '@campus/device-protocols';

/**
 * The registry (docs/registry.md): org units, devices, contacts, users, escalation policies and
 * rules, kept in the relational store (PGlite / PostgreSQL) and changed live through the API.
 *
 * Its whole content has one canonical form, the sites document: the sites file's shape
 * (docs/sites-file.md) as plain JSON, with credentials as scrypt hashes only (`secretHash`,
 * `passwordHash`; a plain `secret` or `password` is hashed on the way in). The sites file seeds an
 * empty registry, and import, export and diff speak it. Every change goes through `mutate`: a pure
 * function of the current document, checked whole as a sites file is, written as exactly its diff.
 */
export type SitesDocument = Record<string, unknown>;

/** Who made a change: a signed-in user (API), or the operator's command line / the first seed. */
export type RegistryActor =
  | { kind: 'user'; username: string; role: Role; org: string }
  | { kind: 'system'; what: 'seed' | 'cli' };

export type RegistryEntity =
  | 'province'
  | 'org'
  | 'device'
  | 'contact'
  | 'user'
  | 'escalation'
  | 'rule'
  | 'gateway'
  | 'alertService';

/** One entry of a diff: what was added, changed or removed, with its before and after. */
export interface RegistryChange {
  entity: RegistryEntity;
  /** The entry's key: an org code, a device id, a username, a severity, a rule name, … */
  key: string;
  op: 'added' | 'changed' | 'removed';
  before?: unknown;
  after?: unknown;
}

export interface RegistryCommit {
  version: number;
  changes: RegistryChange[];
  /** The validated sites the new version stands for. */
  sites: Sites;
}

export interface RegistryHistoryEntry {
  version: number;
  at: string;
  actor: string;
  reason: string;
  changes: RegistryChange[];
}

/** Thrown when a change would leave an invalid registry: says where and why, as for a sites file. */
export class RegistryValidationError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(path === '' ? reason : `${path}: ${reason}`);
    this.name = 'RegistryValidationError';
  }
}

export interface RegistryStore {
  /** The current version and document (version 0 and undefined when the registry is empty). */
  read(): Promise<{ version: number; document: SitesDocument | undefined }>;
  /**
   * Applies `change` to the current document, checks the result whole (sites-file checks and the
   * rules' own checks), and writes exactly its diff in one transaction with a history entry and a
   * new version. Concurrent calls, in this process or another replica, run one after the other.
   * A change that changes nothing writes nothing and returns the current version.
   * `dryRun` checks and diffs without writing.
   */
  mutate(
    actor: RegistryActor,
    reason: string,
    change: (current: SitesDocument) => SitesDocument,
    options?: { dryRun?: boolean },
  ): Promise<RegistryCommit>;
  /** History, newest first, optionally of one entity or entry. */
  history(filter?: { entity?: RegistryEntity; key?: string; limit?: number }): Promise<RegistryHistoryEntry[]>;
  /** Runs on every committed version, from this process or another replica (PostgreSQL NOTIFY). */
  onVersion(listener: (version: number) => void): () => void;
}
