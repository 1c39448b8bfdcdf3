import { hashSecret } from '@campus/device-protocols';
import type {
  RegistryActor,
  RegistryChange,
  RegistryCommit,
  RegistryHistoryEntry,
  RegistryStore,
  SitesDocument,
} from '../registry/registry-store';
import { checkDocument, devicesOf, schoolsOf } from '../registry/transforms/sites-document';

/**
 * Test-only RegistryStore in memory, for the API's HTTP specs: the same contract as the database
 * store (checks the document whole, hashes plain secrets, one change at a time, history), with a
 * diff at device granularity only.
 */
export class InMemoryRegistry implements RegistryStore {
  private version = 0;
  private document: SitesDocument | undefined;
  private readonly entries: RegistryHistoryEntry[] = [];
  private readonly listeners = new Set<(version: number) => void>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(seed?: SitesDocument) {
    if (seed !== undefined) {
      this.document = hashPlainSecrets(structuredClone(seed));
      this.version = 1;
    }
  }

  async read(): Promise<{ version: number; document: SitesDocument | undefined }> {
    return {
      version: this.version,
      document: this.document === undefined ? undefined : structuredClone(this.document),
    };
  }

  mutate(
    actor: RegistryActor,
    reason: string,
    change: (current: SitesDocument) => SitesDocument,
    options: { dryRun?: boolean } = {},
  ): Promise<RegistryCommit> {
    const run = this.queue.then(async () => {
      const current = this.document ?? {};
      const next = hashPlainSecrets(change(structuredClone(current)));
      const sites = checkDocument(next);
      const changes = deviceDiff(current, next);
      if (
        options.dryRun === true ||
        (changes.length === 0 && JSON.stringify(current) === JSON.stringify(next))
      )
        return { version: this.version, changes, sites };
      this.document = next;
      this.version += 1;
      this.entries.unshift({
        version: this.version,
        at: new Date().toISOString(),
        actor: actor.kind === 'user' ? actor.username : actor.what,
        reason,
        changes,
      });
      for (const l of this.listeners) l(this.version);
      return { version: this.version, changes, sites };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async history(
    filter: { entity?: RegistryChange['entity']; key?: string; limit?: number } = {},
  ): Promise<RegistryHistoryEntry[]> {
    return this.entries
      .filter((e) =>
        e.changes.some(
          (c) =>
            (filter.entity === undefined || c.entity === filter.entity) &&
            (filter.key === undefined || c.key === filter.key),
        ),
      )
      .slice(0, filter.limit ?? 100);
  }

  onVersion(listener: (version: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function hashPlainSecrets(doc: SitesDocument): SitesDocument {
  for (const school of schoolsOf(doc))
    for (const device of devicesOf(school.entry))
      if (typeof device['secret'] === 'string') {
        device['secretHash'] = hashSecret(device['secret']);
        delete device['secret'];
      }
  return doc;
}

function deviceDiff(before: SitesDocument, after: SitesDocument): RegistryChange[] {
  const index = (doc: SitesDocument) =>
    new Map(schoolsOf(doc).flatMap((s) => devicesOf(s.entry).map((d) => [String(d['id']), d] as const)));
  const a = index(before);
  const b = index(after);
  const out: RegistryChange[] = [];
  for (const [id, d] of b)
    if (!a.has(id)) out.push({ entity: 'device', key: id, op: 'added', after: d });
    else if (JSON.stringify(a.get(id)) !== JSON.stringify(d))
      out.push({ entity: 'device', key: id, op: 'changed', before: a.get(id), after: d });
  for (const [id, d] of a) if (!b.has(id)) out.push({ entity: 'device', key: id, op: 'removed', before: d });
  return out;
}
