import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccountRepository } from '../../db/account-repository';
import type { Database } from '../../db/database';
import { migrate } from '../../db/migrate';
import { iso, T0 } from './rows.fixture';

const HASH = 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=';
const OTHER_HASH = 'scrypt$16384$8$1$b3RoZXJvdGhlcm90aGVyIQ==$b3RoZXJvdGhlcm90aGVyb3RoZXJvdGhlcm90aGVyIQ==';

/**
 * The contract of AccountRepository (passwords set through the API, token versions), run against
 * whatever `open` returns: its own database, migrated, the table emptied before each test.
 */
export function accountContract(name: string, open: () => Promise<Database>): void {
  describe(`AccountRepository on ${name}`, () => {
    let db: Database | undefined;
    const repo = (): AccountRepository => {
      if (!db) throw new Error('the contract database is not open: did beforeAll fail?');
      return new AccountRepository(db);
    };
    beforeAll(async () => {
      db = await open();
      await migrate(db);
    });
    afterAll(async () => {
      await db?.close();
    });
    beforeEach(async () => {
      await db?.exec('DELETE FROM alerting.accounts');
    });

    it('knows nothing of a user who never changed anything: no row, version 0', async () => {
      expect(await repo().get('school1')).toBeUndefined();
      expect(await repo().tokenVersion('school1')).toBe(0);
    });

    it('raises the version by one per logout and returns it', async () => {
      expect(await repo().bumpTokenVersion('school1', T0)).toBe(1);
      expect(await repo().bumpTokenVersion('school1', T0 + 1)).toBe(2);
      expect(await repo().tokenVersion('school1')).toBe(2);
      expect(await repo().tokenVersion('yanta')).toBe(0);
      expect(await repo().get('school1')).toEqual({
        username: 'school1',
        passwordHash: null,
        tokenVersion: 2,
        passwordChangedAt: null,
        passwordChangedBy: null,
      });
    });

    it('stores a password with who and when, and raises the version with it', async () => {
      await repo().bumpTokenVersion('school1', T0);
      expect(await repo().setPassword('school1', HASH, 'school1', T0 + 1000)).toBe(2);
      expect(await repo().get('school1')).toEqual({
        username: 'school1',
        passwordHash: HASH,
        tokenVersion: 2,
        passwordChangedAt: iso(T0 + 1000),
        passwordChangedBy: 'school1',
      });
      // an admin reset replaces it; a user without a row starts at version 1
      expect(await repo().setPassword('school1', OTHER_HASH, 'root', T0 + 2000)).toBe(3);
      expect(await repo().setPassword('yanta', HASH, 'root', T0 + 2000)).toBe(1);
      expect(await repo().get('school1')).toMatchObject({
        passwordHash: OTHER_HASH,
        passwordChangedBy: 'root',
      });
      // a logout keeps the password
      expect(await repo().bumpTokenVersion('school1', T0 + 3000)).toBe(4);
      expect(await repo().get('school1')).toMatchObject({ passwordHash: OTHER_HASH, tokenVersion: 4 });
    });

    it('gives concurrent raises distinct versions (none is lost)', async () => {
      const versions = await Promise.all([
        ...Array.from({ length: 8 }, (_, i) => repo().bumpTokenVersion('yanta', T0 + i)),
        repo().setPassword('yanta', HASH, 'yanta', T0 + 9),
        repo().setPassword('yanta', OTHER_HASH, 'root', T0 + 10),
      ]);
      expect([...versions].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(await repo().tokenVersion('yanta')).toBe(10);
    });

    it('refuses a password that is not an scrypt hash', async () => {
      await expect(repo().setPassword('school1', 'demo-pass', 'school1', T0)).rejects.toThrow();
      expect(await repo().get('school1')).toBeUndefined();
    });
  });
}
