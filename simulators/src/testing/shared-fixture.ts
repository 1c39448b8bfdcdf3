import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared device corpus sits beside the clone (`…/main`, `…/shared`); it is read, never copied in. */
const DEVICE_FIXTURES = new URL('../../../../shared/fixtures/devices/', import.meta.url);

export function sharedFixtureText(relPath: string): string {
  const path = fileURLToPath(new URL(relPath, DEVICE_FIXTURES));
  if (!existsSync(path))
    throw new Error(
      `shared device fixture ${relPath} not found at ${path} (is shared/ beside the repository?)`,
    );
  return readFileSync(path, 'utf8');
}
