import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openTunedPglite } from './pglite-database';

describe('openTunedPglite', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  test('an on-disk database runs with the small buffer pool, from its first start on', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'campus-pglite-'));
    dirs.push(parent);
    // DATA_DIR need not exist yet (a fresh clone has no ./data)
    const dir = join(parent, 'data', 'pglite');
    const first = await openTunedPglite(dir);
    expect((await first.query('SHOW shared_buffers')).rows).toEqual([{ shared_buffers: '16MB' }]);
    await first.exec('CREATE TABLE kept (id int)');
    await first.close();
    const again = await openTunedPglite(dir);
    expect((await again.query('SHOW shared_buffers')).rows).toEqual([{ shared_buffers: '16MB' }]);
    expect((await again.query("SELECT to_regclass('kept') IS NOT NULL AS kept")).rows).toEqual([
      { kept: true },
    ]);
    await again.close();
  }, 60_000);

  test('a directory it cannot use fails with the path and what to check', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'campus-pglite-'));
    dirs.push(parent);
    const file = join(parent, 'not-a-dir');
    await writeFile(file, '');
    await expect(openTunedPglite(join(file, 'pglite'))).rejects.toThrow(
      /opening the embedded alert database in .*not-a-dir\/pglite failed: .* check that DATA_DIR is writable/,
    );
  });
});
