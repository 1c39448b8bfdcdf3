import { PGlite } from '@electric-sql/pglite';

/** The platform's one embedded PostgreSQL (PGlite) in `dir`, with a message an operator can act on. */
export async function openEmbeddedDatabase(dir: string): Promise<PGlite> {
  try {
    return await PGlite.create(dir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `opening the embedded database in ${dir} failed: ${reason} — check that DATA_DIR is writable and not used by another running platform`,
      { cause: error },
    );
  }
}
