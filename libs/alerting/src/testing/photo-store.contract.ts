import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoStore } from '../hazard-reports/photo-store';
import { jpegBytes, pngBytes } from './image-bytes.fixture';

/** A store under test and how to end it. */
export interface PhotoStoreUnderTest {
  store: PhotoStore;
  close(): Promise<void>;
}

/**
 * What every PhotoStore does (docs/alerting.md "Hazard reports"): run against the files under
 * DATA_DIR and against S3 (photo-store.spec.ts), so either can hold the evidence.
 */
export function photoStoreContract(name: string, open: () => Promise<PhotoStoreUnderTest>): void {
  describe(`PhotoStore contract: ${name}`, () => {
    let t: PhotoStoreUnderTest;
    beforeAll(async () => {
      t = await open();
    });
    afterAll(() => t.close());
    const key = (ext = 'jpg') => `${randomUUID()}.${ext}`;

    it('gives back exactly the bytes it was given', async () => {
      const k = key();
      const bytes = jpegBytes();
      await t.store.put(k, bytes);
      const got = await t.store.get(k);
      expect(got).toBeInstanceOf(Buffer);
      expect(Buffer.compare(got!, Buffer.from(bytes))).toBe(0);
    });

    it('keeps photos apart by key', async () => {
      const [a, b] = [key('png'), key('png')];
      await t.store.put(a, pngBytes(2, 2, [1, 2, 3]));
      await t.store.put(b, pngBytes(3, 3, [4, 5, 6]));
      expect(Buffer.compare((await t.store.get(a))!, Buffer.from(pngBytes(2, 2, [1, 2, 3])))).toBe(0);
      expect(Buffer.compare((await t.store.get(b))!, Buffer.from(pngBytes(3, 3, [4, 5, 6])))).toBe(0);
    });

    it('answers undefined for a key it never stored', async () => {
      expect(await t.store.get(key())).toBeUndefined();
    });

    it('never overwrites a stored photo', async () => {
      const k = key();
      await t.store.put(k, jpegBytes());
      await expect(t.store.put(k, pngBytes())).rejects.toThrow();
      expect(Buffer.compare((await t.store.get(k))!, Buffer.from(jpegBytes()))).toBe(0);
    });

    it('removes a photo, and removing a missing one is no error', async () => {
      const k = key();
      await t.store.put(k, jpegBytes());
      await t.store.remove(k);
      expect(await t.store.get(k)).toBeUndefined();
      await expect(t.store.remove(k)).resolves.toBeUndefined();
    });

    it('refuses keys the service does not make (no path outside the store)', async () => {
      for (const bad of ['../etc/passwd', 'a/b.jpg', `${randomUUID()}.exe`, '']) {
        await expect(t.store.put(bad, jpegBytes())).rejects.toThrow(/invalid photo key/);
        await expect(t.store.get(bad)).rejects.toThrow(/invalid photo key/);
      }
    });
  });
}
