import { describe, expect, it } from 'vitest';
import { TOKEN_VERSION_MAX_AGE_MS, TokenVersions, type TokenVersionSource } from './token-versions';

/** The database as seen by several replicas: one shared table, reads counted. */
function sharedTable() {
  const versions = new Map<string, number>();
  let reads = 0;
  const source: TokenVersionSource = {
    tokenVersion: async (username) => {
      reads += 1;
      return versions.get(username) ?? 0;
    },
  };
  return {
    source,
    bump: (username: string) => {
      const v = (versions.get(username) ?? 0) + 1;
      versions.set(username, v);
      return v;
    },
    reads: () => reads,
  };
}

function clock() {
  const c = { now: 1_000_000 };
  return { now: () => c.now, advance: (ms: number) => (c.now += ms) };
}

describe('TokenVersions (revocation by token version)', () => {
  it('accepts a token of the current version and refuses an older one', async () => {
    const db = sharedTable();
    const versions = new TokenVersions(db.source);
    expect(await versions.isCurrent('yanta', 0)).toBe(true);
    versions.set('yanta', db.bump('yanta'));
    expect(await versions.isCurrent('yanta', 0)).toBe(false);
    expect(await versions.isCurrent('yanta', 1)).toBe(true);
  });

  it('reads the database at most once per user per 5 s, not per request', async () => {
    expect(TOKEN_VERSION_MAX_AGE_MS).toBeLessThanOrEqual(5_000);
    const db = sharedTable();
    const t = clock();
    const versions = new TokenVersions(db.source, TOKEN_VERSION_MAX_AGE_MS, t.now);
    await Promise.all(Array.from({ length: 100 }, () => versions.isCurrent('yanta', 0)));
    expect(db.reads()).toBe(1);
    t.advance(4_999);
    await versions.isCurrent('yanta', 0);
    expect(db.reads()).toBe(1);
    t.advance(1);
    await versions.isCurrent('yanta', 0);
    expect(db.reads()).toBe(2);
  });

  it("sees another replica's logout within 5 s", async () => {
    const db = sharedTable();
    const t = clock();
    const replicaA = new TokenVersions(db.source, TOKEN_VERSION_MAX_AGE_MS, t.now);
    const replicaB = new TokenVersions(db.source, TOKEN_VERSION_MAX_AGE_MS, t.now);
    expect(await replicaB.isCurrent('yanta', 0)).toBe(true);
    // logout on A
    replicaA.set('yanta', db.bump('yanta'));
    expect(await replicaA.isCurrent('yanta', 0)).toBe(false);
    t.advance(TOKEN_VERSION_MAX_AGE_MS);
    expect(await replicaB.isCurrent('yanta', 0)).toBe(false);
  });

  it('accepts at once a token newer than its cache (issued by another replica after a change)', async () => {
    const db = sharedTable();
    const t = clock();
    const replicaB = new TokenVersions(db.source, TOKEN_VERSION_MAX_AGE_MS, t.now);
    expect(await replicaB.isCurrent('yanta', 0)).toBe(true);
    db.bump('yanta'); // password change on replica A, which signs in again with version 1
    expect(await replicaB.isCurrent('yanta', 1)).toBe(true);
    expect(await replicaB.isCurrent('yanta', 0)).toBe(false);
  });

  it('current() always reads the database', async () => {
    const db = sharedTable();
    const versions = new TokenVersions(db.source);
    versions.set('yanta', 0);
    db.bump('yanta');
    expect(await versions.current('yanta')).toBe(1);
    expect(await versions.isCurrent('yanta', 0)).toBe(false);
  });
});
