import { readFile } from 'node:fs/promises';
import { DEMO_SITES_PATH, SitesFileError, parseSites, type Sites } from '@campus/device-protocols';

/** Reads and validates the sites file (`SITES_FILE`), or the built-in demo province. */
export async function loadSites(path: string | undefined): Promise<Sites> {
  const file = path ?? DEMO_SITES_PATH;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new SitesFileError(file, undefined, `cannot read the sites file (${code}): check SITES_FILE`);
  }
  return parseSites(text, path ?? 'built-in demo province');
}
