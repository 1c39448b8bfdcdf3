import { formatSitesYaml, readSitesFile } from '@campus/device-protocols';
import { formatChanges } from './registry-diff';
import type { RegistryActor, RegistryChange, RegistryStore } from './registry-store';

/**
 * Import, export and diff of a whole sites file against the registry (docs/registry.md): the
 * logic behind `npm run sites` and `POST /api/sites/import` / `GET /api/sites/export`.
 */

export interface SitesImportOutcome {
  applied: boolean;
  version: number;
  changes: RegistryChange[];
  /** `formatChanges`: one line per change. */
  summary: string[];
}

/**
 * The diff a sites file's text makes against the registry, applied with `apply` (one transaction,
 * one version). A file that is not YAML or not a valid sites file throws `SitesFileError` (with
 * the line); one that the registry refuses as a whole, `RegistryValidationError`.
 */
export async function importSitesText(
  store: RegistryStore,
  actor: RegistryActor,
  text: string,
  options: { source: string; apply: boolean; reason?: string },
): Promise<SitesImportOutcome> {
  const { document } = readSitesFile(text, options.source);
  const commit = await store.mutate(
    actor,
    options.reason ?? `import of ${options.source}`,
    () => structuredClone(document),
    { dryRun: !options.apply },
  );
  return {
    applied: options.apply && commit.changes.length > 0,
    version: commit.version,
    changes: commit.changes,
    summary: formatChanges(commit.changes),
  };
}

/** The registry as a sites file (hashes only); undefined while the registry is empty. */
export async function exportSitesText(store: RegistryStore, now = new Date()): Promise<string | undefined> {
  const { version, document } = await store.read();
  if (document === undefined) return undefined;
  return formatSitesYaml(
    document,
    `Exported from the registry, version ${version}, at ${now.toISOString()} (docs/registry.md).\n` +
      'Credentials are scrypt hashes only; contacts carry their ids. Import it with `npm run sites -- import FILE`.',
  );
}
