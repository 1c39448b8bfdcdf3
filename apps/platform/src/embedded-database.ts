import type { PGlite } from '@electric-sql/pglite';
import { openTunedPglite } from '@campus/alerting';

/** The platform's embedded PostgreSQL (PGlite) for the alert state in `dir`. */
export function openEmbeddedDatabase(dir: string): Promise<PGlite> {
  return openTunedPglite(dir, 'embedded database');
}
