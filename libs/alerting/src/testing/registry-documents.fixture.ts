import { readFileSync } from 'node:fs';
import { DEMO_SITES_PATH, readSitesFile } from '@campus/device-protocols';
import { assignContactIds, hashCredentials, type CredentialHasher } from '../registry/registry-prepare';
import { emptyRows } from '../registry/registry-rows';
import type { SitesDocument } from '../registry/registry-store';

/** A stand-in for scrypt in unit tests: a well-formed hash that names the plain text's length only. */
export const FAKE_HASHER: CredentialHasher = {
  hash: (plain) =>
    Promise.resolve(
      `scrypt$1024$8$1$${Buffer.from(`fake-salt-${plain.length}`).toString('base64')}$${Buffer.from(
        `hash-of-${plain.length}-${[...plain].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 1_000_003, 7)}`,
      ).toString('base64')}`,
    ),
  verify: async (plain, hash) => hash === (await FAKE_HASHER.hash(plain)),
};

/** A sites file's document as the registry keeps it: contacts with ids, credentials hashed (fake). */
export async function asRegistryDocument(document: SitesDocument): Promise<SitesDocument> {
  let n = 0;
  const withIds = assignContactIds(document, emptyRows(), () => `c-${String(++n).padStart(10, '0')}`);
  return hashCredentials(withIds, emptyRows(), FAKE_HASHER);
}

/** The demo province's document as the registry keeps it. */
export function hashedDemoDocument(): Promise<SitesDocument> {
  return asRegistryDocument(readSitesFile(readFileSync(DEMO_SITES_PATH, 'utf8'), 'demo').document);
}
