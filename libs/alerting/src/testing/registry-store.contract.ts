import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SITES_PATH, readSitesFile, verifySecret } from '@campus/device-protocols';
import type { Database } from '../db/database';
import { migrate } from '../db/migrate';
import { RegistryValidationError, type RegistryActor, type SitesDocument } from '../registry/registry-store';
import { SqlRegistryStore } from '../registry/sql-registry-store';

const SEED: RegistryActor = { kind: 'system', what: 'seed' };
const ADMIN: RegistryActor = { kind: 'user', username: 'root', role: 'admin', org: '610000' };

/** The demo province's document as its file says it (plain secrets and passwords). */
export const demoDocument = (): SitesDocument =>
  readSitesFile(readFileSync(DEMO_SITES_PATH, 'utf8'), 'demo').document;

type Json = Record<string, unknown>;
const asJson = (v: unknown): Json => v as Json;
const list = (v: unknown): Json[] => v as Json[];

/** The first school's device list of a document. */
function firstSchool(doc: SitesDocument): Json {
  const city = list(doc['cities'])[0];
  const county = list(asJson(city)['counties'])[0];
  return list(asJson(county)['schools'])[0] as Json;
}

const TABLES = [
  'registry_orgs',
  'registry_devices',
  'registry_contacts',
  'registry_users',
  'registry_escalation',
  'registry_rules',
  'registry_topology',
  'registry_history',
  'accounts',
];

/**
 * The contract of the registry store (registry-store.ts), run against whatever `open` returns: its
 * own database, migrated, the registry emptied before each test. `second` opens another connection
 * to the same database when the backend has one (PostgreSQL: another replica).
 */
export function registryStoreContract(
  name: string,
  open: () => Promise<Database>,
  second?: () => Promise<Database>,
): void {
  describe(`SqlRegistryStore on ${name}`, () => {
    let db: Database | undefined;
    const stores: SqlRegistryStore[] = [];
    const replicas: Database[] = [];
    const replica = async (): Promise<Database> => {
      if (!second) throw new Error('no second connection on this backend');
      const other = await second();
      replicas.push(other);
      return other;
    };
    const database = (): Database => {
      if (!db) throw new Error('the contract database is not open: did beforeAll fail?');
      return db;
    };
    const store = async (on: Database = database()): Promise<SqlRegistryStore> => {
      const s = await SqlRegistryStore.open(on);
      stores.push(s);
      return s;
    };
    const seeded = async (): Promise<SqlRegistryStore> => {
      const s = await store();
      await s.mutate(SEED, 'seed', () => demoDocument());
      return s;
    };
    beforeAll(async () => {
      db = await open();
      await migrate(db);
    });
    afterAll(async () => {
      for (const s of stores) await s.close();
      for (const other of replicas) await other.close();
      await db?.close();
    });
    beforeEach(async () => {
      for (const s of stores.splice(0)) await s.close();
      for (const table of TABLES) await database().exec(`DELETE FROM alerting.${table}`);
      await database().exec('UPDATE alerting.registry_version SET version = 0');
    });

    it('is empty at first: version 0, no document', async () => {
      expect(await (await store()).read()).toEqual({ version: 0, document: undefined });
    });

    it('seeds version 1 from a document, with hashes only, and reads it back', async () => {
      const s = await store();
      const commit = await s.mutate(SEED, 'seed', () => demoDocument());
      expect(commit.version).toBe(1);
      expect(commit.sites.devices).toHaveLength(216);
      expect(commit.changes.every((c) => c.op === 'added')).toBe(true);
      const { version, document } = await s.read();
      expect(version).toBe(1);
      const device = list(firstSchool(document ?? {})['devices'])[0] as Json;
      expect(device['secret']).toBeUndefined();
      expect(verifySecret('demo-secret', { secretHash: String(device['secretHash']) })).toBe(true);
      const users = list(document?.['users']);
      expect(users[0]?.['password']).toBeUndefined();
      expect(verifySecret('demo-pass', { secretHash: String(users[0]?.['passwordHash']) })).toBe(true);
      // nothing plain anywhere in the registry's tables
      for (const table of TABLES) {
        const { rows } = await database().query<{ t: string }>(
          `SELECT t::text AS t FROM alerting.${table} t`,
        );
        for (const row of rows) expect(row.t).not.toMatch(/demo-secret|demo-pass/);
      }
      // the hash lives in alerting.accounts (one place for a password)
      const account = await database().query<{ password_hash: string }>(
        "SELECT password_hash FROM alerting.accounts WHERE username = 'school1'",
      );
      expect(account.rows[0]?.password_hash).toBe(users[0]?.['passwordHash']);
      // a fresh store reads the same document from the rows
      expect((await (await store()).read()).document).toEqual(document);
    });

    it('writes exactly the diff, with a history entry and a new version', async () => {
      const s = await seeded();
      const commit = await s.mutate(ADMIN, 'moved the detector', (doc) => {
        const device = list(firstSchool(doc)['devices'])[0] as Json;
        device['location'] = { building: '实验楼', floor: 3, room: '物理实验室', use: 'lab' };
        return doc;
      });
      expect(commit.version).toBe(2);
      expect(commit.changes).toHaveLength(1);
      expect(commit.changes[0]).toMatchObject({ entity: 'device', key: 'smk-1-001', op: 'changed' });
      expect(commit.sites.deviceById.get('smk-1-001')?.location?.room).toBe('物理实验室');
      const [latest] = await s.history();
      expect(latest).toMatchObject({ version: 2, actor: 'root', reason: 'moved the detector' });
      expect(latest?.changes).toEqual(commit.changes);
    });

    it('writes nothing for a change that changes nothing, and nothing on a dry run', async () => {
      const s = await seeded();
      // the same file again: its plain secrets match the stored hashes
      expect(await s.mutate(ADMIN, 'again', () => demoDocument())).toMatchObject({ version: 1, changes: [] });
      const dry = await s.mutate(ADMIN, 'dry', (doc) => ({ ...doc, users: [] }), { dryRun: true });
      expect(dry.version).toBe(1);
      expect(dry.changes.length).toBeGreaterThan(0);
      expect((await s.read()).version).toBe(1);
      expect(await s.history()).toHaveLength(1);
    });

    it('refuses an invalid change with the path and reason, changing nothing', async () => {
      const s = await seeded();
      const bad = s.mutate(ADMIN, 'bad', (doc) => {
        (list(firstSchool(doc)['devices'])[1] as Json)['kind'] = 'toaster';
        return doc;
      });
      await expect(bad).rejects.toBeInstanceOf(RegistryValidationError);
      await expect(bad).rejects.toMatchObject({
        path: 'cities[0].counties[0].schools[0].devices[1].kind',
      });
      const badRule = s.mutate(ADMIN, 'bad rule', (doc) => ({
        ...doc,
        rules: [{ id: 'mine', kind: 'nonsense' }],
      }));
      await expect(badRule).rejects.toMatchObject({ path: 'rules[0]' });
      expect((await s.read()).version).toBe(1);
    });

    it('gives contacts ids, keeps them on a re-import without ids, and keys the diff by them', async () => {
      const s = await seeded();
      const contacts = list((await s.read()).document?.['contacts']);
      expect(contacts.every((c) => /^c-[0-9a-f]{10}$/.test(String(c['id'])))).toBe(true);
      const changed = demoDocument();
      (list(changed['contacts'])[0] as Json)['phone'] = '+8613911112222';
      const commit = await s.mutate(ADMIN, 'new phone', () => changed);
      expect(commit.changes).toEqual([
        expect.objectContaining({ entity: 'contact', key: contacts[0]?.['id'], op: 'changed' }),
      ]);
    });

    it('retires a removed device: gone from the document, its row and id kept; it may come back', async () => {
      const s = await seeded();
      const without = await s.mutate(ADMIN, 'retire', (doc) => {
        const school = firstSchool(doc);
        school['devices'] = list(school['devices']).filter((d) => d['id'] !== 'smk-1-001');
        return doc;
      });
      expect(without.changes).toEqual([
        expect.objectContaining({ entity: 'device', key: 'smk-1-001', op: 'removed' }),
      ]);
      expect(without.sites.deviceById.has('smk-1-001')).toBe(false);
      const row = await database().query<{ retired_at: string | null }>(
        "SELECT retired_at FROM alerting.registry_devices WHERE id = 'smk-1-001'",
      );
      expect(row.rows[0]?.retired_at).not.toBeNull();
      const back = await s.mutate(ADMIN, 'back', () => demoDocument());
      expect(back.changes).toEqual([
        expect.objectContaining({ entity: 'device', key: 'smk-1-001', op: 'added' }),
      ]);
      expect((await s.history({ entity: 'device', key: 'smk-1-001' })).map((h) => h.version)).toEqual([
        3, 2, 1,
      ]);
    });

    it("removes a user: the row goes, the account's hash is cleared and its tokens refused", async () => {
      const s = await seeded();
      await s.mutate(ADMIN, 'left', (doc) => ({
        ...doc,
        users: list(doc['users']).filter((u) => u['username'] !== 'school2'),
      }));
      const { rows } = await database().query<{ password_hash: string | null; token_version: number }>(
        "SELECT password_hash, token_version FROM alerting.accounts WHERE username = 'school2'",
      );
      expect(rows[0]).toEqual({ password_hash: null, token_version: 1 });
      const [entry] = await s.history({ entity: 'user' });
      expect(entry?.changes).toEqual([expect.objectContaining({ key: 'school2', op: 'removed' })]);
    });

    it("reads a password changed through the API (alerting.accounts) as the registry user's", async () => {
      const s = await seeded();
      await s.read(); // cached
      const hash = 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=';
      await database().query("UPDATE alerting.accounts SET password_hash = $1 WHERE username = 'school1'", [
        hash,
      ]);
      const users = list((await s.read()).document?.['users']);
      expect(users.find((u) => u['username'] === 'school1')?.['passwordHash']).toBe(hash);
    });

    it('runs concurrent changes one after the other, each on the latest document', async () => {
      const s = await seeded();
      const other = second ? await store(await replica()) : s;
      const rename = (name: string) => (doc: SitesDocument) => {
        firstSchool(doc)['name'] = name;
        return doc;
      };
      const addContact = (doc: SitesDocument) => ({
        ...doc,
        contacts: [...list(doc['contacts']), { org: '610000', name: '省值班', phone: '+8613900000000' }],
      });
      const [a, b] = await Promise.all([
        s.mutate(ADMIN, 'rename', rename('新名字')),
        other.mutate(ADMIN, 'contact', addContact),
      ]);
      expect([a.version, b.version].sort()).toEqual([2, 3]);
      const doc = (await s.read()).document ?? {};
      expect(firstSchool(doc)['name']).toBe('新名字');
      expect(list(doc['contacts']).some((c) => c['name'] === '省值班')).toBe(true);
    });

    it('tells its listeners of every new version', async () => {
      const s = await seeded();
      const seen: number[] = [];
      s.onVersion((v) => seen.push(v));
      await s.mutate(ADMIN, 'rename', (doc) => {
        firstSchool(doc)['name'] = '又一个名字';
        return doc;
      });
      expect(seen).toEqual([2]);
    });

    if (second) {
      it('hears versions committed by another replica (LISTEN/NOTIFY)', async () => {
        const s = await seeded();
        const other = await store(await replica());
        const seen: number[] = [];
        other.onVersion((v) => seen.push(v));
        await s.mutate(ADMIN, 'rename', (doc) => {
          firstSchool(doc)['name'] = '远方';
          return doc;
        });
        await expect.poll(() => seen, { timeout: 10_000 }).toEqual([2]);
        expect(firstSchool((await other.read()).document ?? {})['name']).toBe('远方');
      });
    }
  });
}
