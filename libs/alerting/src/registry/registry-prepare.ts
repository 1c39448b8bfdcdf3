import { randomBytes } from 'node:crypto';
import type { RegistryRows } from './registry-rows';
import type { SitesDocument } from './registry-store';

/**
 * What the store does to a changed document before it is checked and diffed: every contact gets
 * an id, every plain `secret` / `password` becomes a hash. Pure but for the hashing, which is
 * passed in (scrypt off the event loop in the store, a cheap stand-in in unit tests).
 */

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A new contact id: `c-` and 10 hex digits. */
export function newContactId(): string {
  return `c-${randomBytes(5).toString('hex')}`;
}

/**
 * Gives each contact without an `id` one: the id of the registry's contact of the same org and
 * name — else of the same org and phone — when there is one not otherwise taken (so importing a
 * file without ids keeps them, and a renamed or re-numbered contact stays the same contact), else a
 * new one.
 */
export function assignContactIds(
  doc: SitesDocument,
  current: RegistryRows,
  newId: () => string = newContactId,
): SitesDocument {
  const contacts = doc['contacts'];
  if (!Array.isArray(contacts)) return doc;
  const taken = new Set(
    contacts
      .filter(isJson)
      .map((c) => c['id'])
      .filter((id) => typeof id === 'string'),
  );
  const fresh = (): string => {
    for (;;) {
      const id = newId();
      if (!taken.has(id) && !current.contacts.some((c) => c.id === id)) return id;
    }
  };
  const assigned = contacts.map((c: unknown) => {
    if (!isJson(c) || c['id'] !== undefined) return c;
    const free = current.contacts.filter((k) => k.org === c['org'] && !taken.has(k.id));
    const same = free.find((k) => k.name === c['name']) ?? free.find((k) => k.phone === c['phone']);
    const id = same?.id ?? fresh();
    taken.add(id);
    return { id, ...c };
  });
  return { ...doc, contacts: assigned };
}

export interface CredentialHasher {
  hash(plain: string): Promise<string>;
  verify(plain: string, hash: string): Promise<boolean>;
}

/**
 * Replaces each device's plain `secret` by `secretHash` and each user's plain `password` by
 * `passwordHash`. A plain credential that the registry's current hash already matches keeps that
 * hash, so importing the same file twice changes nothing; one plain text is hashed once per call.
 */
export async function hashCredentials(
  doc: SitesDocument,
  current: RegistryRows,
  hasher: CredentialHasher,
): Promise<SitesDocument> {
  const hashes = new Map<string, Promise<string>>();
  const hashOf = (plain: string, existing: string | undefined): Promise<string> => {
    const fresh = () => {
      let pending = hashes.get(plain);
      if (pending === undefined) {
        pending = hasher.hash(plain);
        hashes.set(plain, pending);
      }
      return pending;
    };
    if (existing === undefined) return fresh();
    return hasher.verify(plain, existing).then((same) => (same ? existing : fresh()));
  };
  const deviceHash = new Map(current.devices.map((d) => [d.id, d.secretHash]));
  const userHash = new Map(current.users.map((u) => [u.username, u.passwordHash]));

  const out: SitesDocument = { ...doc };
  const work: Promise<void>[] = [];
  if (Array.isArray(doc['cities'])) {
    out['cities'] = doc['cities'].map((city: unknown) => {
      if (!isJson(city) || !Array.isArray(city['counties'])) return city;
      return {
        ...city,
        counties: city['counties'].map((county: unknown) => {
          if (!isJson(county) || !Array.isArray(county['schools'])) return county;
          return {
            ...county,
            schools: county['schools'].map((school: unknown) => {
              if (!isJson(school) || !Array.isArray(school['devices'])) return school;
              return {
                ...school,
                devices: school['devices'].map((device: unknown) => {
                  if (!isJson(device) || typeof device['secret'] !== 'string') return device;
                  const { secret, ...rest } = device;
                  const entry: Json = { ...rest };
                  work.push(
                    hashOf(secret, deviceHash.get(String(device['id']))).then((h) => {
                      entry['secretHash'] = h;
                    }),
                  );
                  return entry;
                }),
              };
            }),
          };
        }),
      };
    });
  }
  if (Array.isArray(doc['users'])) {
    out['users'] = doc['users'].map((user: unknown) => {
      if (!isJson(user) || typeof user['password'] !== 'string') return user;
      const { password, ...rest } = user;
      const entry: Json = { ...rest };
      work.push(
        hashOf(password, userHash.get(String(user['username']))).then((h) => {
          entry['passwordHash'] = h;
        }),
      );
      return entry;
    });
  }
  await Promise.all(work);
  return out;
}
