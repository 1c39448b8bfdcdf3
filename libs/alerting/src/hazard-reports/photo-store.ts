import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where photo files live (docs/alerting.md "Hazard reports"). Files under DATA_DIR by default
 * (FilePhotoStore), S3-compatible object storage with `S3_URL` (S3PhotoStore); chosen at start
 * (photoStoreFromEnv). Both pass the same contract (testing/photo-store.contract.ts).
 */
export interface PhotoStore {
  /** Writes a new object; refuses (throws) when `key` exists already: evidence is never overwritten. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Undefined when there is no such file. */
  get(key: string): Promise<Buffer | undefined>;
  /** Removes the file if it exists (a failed request cleans up after itself). */
  remove(key: string): Promise<void>;
}

/** Nest token of the PhotoStore. */
export const PHOTO_STORE = Symbol('PHOTO_STORE');

/** Keys are made by the services (`<uuid>.<ext>`; mp4: camera clips, docs/alerting.md "视频复核"); anything else is refused, so no key leaves `dir`. */
const KEY = /^[0-9a-f-]{36}\.(jpg|png|webp|mp4)$/;

/** A key as the service makes it, else throws: no store writes outside its directory or prefix. */
export function checkKey(key: string): string {
  if (!KEY.test(key))
    throw new Error(`invalid photo key ${JSON.stringify(key)}: expected <uuid>.<jpg|png|webp|mp4>`);
  return key;
}

/** Photos as files in one directory (`DATA_DIR/photos`), made on the first write. */
export class FilePhotoStore implements PhotoStore {
  constructor(readonly dir: string) {}

  async put(key: string, bytes: Uint8Array): Promise<void> {
    // 'wx' below: a key is written once; never overwrite evidence
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, checkKey(key)), bytes, { flag: 'wx', mode: 0o640 });
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(join(this.dir, checkKey(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(join(this.dir, checkKey(key)), { force: true });
  }
}
