import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SitesFileError } from '@campus/device-protocols';
import { openDatabase } from '../db/open-database';
import type { Database } from '../db/database';
import { RegistryValidationError } from './registry-store';
import { SqlRegistryStore } from './sql-registry-store';
import { exportSitesText, importSitesText } from './sites-transfer';

/** What `npm run sites` talks to: the terminal, and the environment it reads DATABASE_URL / DATA_DIR from. */
export interface SitesCommandIo {
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Asks a yes/no question; undefined when nobody can answer (stdin is not a terminal). */
  confirm?: (question: string) => Promise<boolean>;
}

export const SITES_USAGE = `usage: npm run sites -- <command> [FILE] [--yes]

  diff FILE      show what importing FILE would change in the registry
  import FILE    show the diff, then apply it in one transaction (--yes: without asking)
  export [FILE]  write the registry as a sites file (hashes only) to FILE, or print it

The registry is the database's: DATABASE_URL (PostgreSQL), else the embedded one under DATA_DIR
(default ./data). While the platform or an alert service runs on that DATA_DIR, use the API instead
(POST /api/sites/import, GET /api/sites/export). See docs/registry.md.`;

/** Thrown for a problem the operator fixes: printed without a stack. */
export class SitesCommandError extends Error {}

/**
 * The embedded database of DATA_DIR: the platform's (`pglite/`) or a lone alert service's
 * (`alerting/`), whichever exists; a fresh `pglite/` when neither does. Refused while a process
 * holds it (PGlite's `postmaster.pid`, removed when the process closes it).
 */
export function embeddedRegistryDir(dataDir: string): string {
  const candidates = [join(dataDir, 'pglite'), join(dataDir, 'alerting')];
  const dir = candidates.find((d) => existsSync(join(d, 'PG_VERSION'))) ?? candidates[0]!;
  if (existsSync(join(dir, 'postmaster.pid'))) {
    throw new SitesCommandError(
      `the embedded database ${dir} is in use by a running platform or alert service — ` +
        'while it runs, change the registry through its API: POST /api/sites/import (admin; dry run, then ?apply=1) ' +
        'and GET /api/sites/export. If nothing runs (the process was killed), start and stop it once, or remove ' +
        `${join(dir, 'postmaster.pid')}.`,
    );
  }
  return dir;
}

async function openRegistryDatabase(env: NodeJS.ProcessEnv): Promise<{ db: Database; where: string }> {
  const url = env['DATABASE_URL']?.trim();
  if (url) return { db: await openDatabase({ databaseUrl: url }), where: 'DATABASE_URL' };
  const dir = embeddedRegistryDir(resolve(env['DATA_DIR']?.trim() || './data'));
  return { db: await openDatabase({ dataDir: dir }), where: dir };
}

/** `npm run sites -- …`: the exit code (0 done, 1 refused or failed, 2 usage). */
export async function runSitesCommand(argv: readonly string[], io: SitesCommandIo): Promise<number> {
  const yes = argv.includes('--yes') || argv.includes('-y');
  const [command, file, ...rest] = argv.filter((a) => a !== '--yes' && a !== '-y');
  const needsFile = command === 'diff' || command === 'import';
  if (
    (command !== 'diff' && command !== 'import' && command !== 'export') ||
    (needsFile && file === undefined) ||
    rest.length > 0
  ) {
    io.err(SITES_USAGE);
    return 2;
  }
  let db: Database | undefined;
  let store: SqlRegistryStore | undefined;
  try {
    let text = '';
    if (needsFile && file !== undefined) {
      text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new SitesCommandError(`cannot read ${file} (${error.code ?? 'error'}): check the path`);
      });
    }
    const opened = await openRegistryDatabase(io.env);
    db = opened.db;
    store = await SqlRegistryStore.open(db);
    const actor = { kind: 'system', what: 'cli' } as const;

    if (command === 'export') {
      const yaml = await exportSitesText(store);
      if (yaml === undefined)
        throw new SitesCommandError(`the registry at ${opened.where} is empty: nothing to export`);
      if (file === undefined) io.out(yaml);
      else {
        await writeFile(file, yaml, 'utf8');
        io.err(`wrote ${file}`);
      }
      return 0;
    }

    const source = file ?? '';
    const dry = await importSitesText(store, actor, text, { source, apply: false });
    io.out(`registry version ${dry.version} (${opened.where}) ← ${source}:`);
    for (const line of dry.summary) io.out(`  ${line}`);
    if (command === 'diff' || dry.changes.length === 0) return 0;

    if (!yes) {
      if (io.confirm === undefined) {
        throw new SitesCommandError(
          'not applied: add --yes to import without a question (stdin is not a terminal)',
        );
      }
      if (!(await io.confirm(`apply these ${dry.changes.length} changes?`))) {
        io.err('not applied');
        return 1;
      }
    }
    const done = await importSitesText(store, actor, text, { source, apply: true });
    io.out(`applied ${done.changes.length} changes: registry version ${done.version}`);
    return 0;
  } catch (error) {
    if (error instanceof SitesCommandError || error instanceof SitesFileError) io.err(error.message);
    else if (error instanceof RegistryValidationError) io.err(`refused, nothing changed — ${error.message}`);
    else throw error;
    return 1;
  } finally {
    await store?.close();
    await db?.close();
  }
}
