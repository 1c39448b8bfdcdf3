/**
 * The registry in bulk (docs/registry.md): `POST /api/sites/import`, `GET /api/sites/export`,
 * `GET /api/registry/history`. Entries are keyed by org code, device id, contact id, username,
 * severity, rule id, gateway id or alert-service id.
 */
export const REGISTRY_ENTITIES = [
  'province',
  'org',
  'device',
  'contact',
  'user',
  'escalation',
  'rule',
  'gateway',
  'alertService',
] as const;
export type RegistryEntityName = (typeof REGISTRY_ENTITIES)[number];

/** One entry of a diff; `before` / `after` are the entry as the registry keeps it (credentials as hashes). */
export interface RegistryChangeItem {
  entity: RegistryEntityName;
  key: string;
  op: 'added' | 'changed' | 'removed';
  before?: unknown;
  after?: unknown;
}

/**
 * The answer of `POST /api/sites/import`: without `?apply=1` the diff the file would make against
 * registry `version`; with it, the diff applied and the new `version`.
 */
export interface SitesImportResult {
  applied: boolean;
  version: number;
  changes: RegistryChangeItem[];
  /** The changes as text, one line each (`+ device smk-1-001`, `~ contact c-…`, `    phone: … → …`). */
  summary: string[];
}

/** The body of `POST /api/sites/import` as JSON (or send the YAML itself as `text/yaml`). */
export interface SitesImportBody {
  yaml: string;
}

/** A refused sites file: `path` names the entry (`cities[0].counties[1].schools[2].devices[3].kind`), `reason` what is wrong; `line` for a YAML problem. */
export interface SitesProblemBody {
  error: string;
  path: string;
  reason: string;
  line?: number;
}

export interface RegistryHistoryItem {
  version: number;
  at: string;
  /** A username, or `system:seed` / `system:cli`. */
  actor: string;
  reason: string;
  changes: RegistryChangeItem[];
}

/** `GET /api/registry/history?entity=&key=&limit=`, newest first. */
export interface RegistryHistoryPage {
  items: RegistryHistoryItem[];
}
