import { readFile } from 'node:fs/promises';
import {
  DEMO_SITES_PATH,
  SitesFileError,
  checkDemoCredentials,
  parseSites,
  plainCredentialsWarning,
  type Sites,
} from '@campus/device-protocols';

export interface LoadSitesOptions {
  /** Where the one warning about plain-text credentials in a real sites file goes. */
  warn?: (message: string) => void;
}

/**
 * Reads and validates the sites file (`SITES_FILE`), or the built-in demo province. A real sites
 * file with the demo's public password or secret is refused (`SitesFileError` with the line);
 * its other plain-text credentials give one warning. See docs/sites-file.md.
 */
export async function loadSites(path: string | undefined, options: LoadSitesOptions = {}): Promise<Sites> {
  const file = path ?? DEMO_SITES_PATH;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new SitesFileError(file, undefined, `cannot read the sites file (${code}): check SITES_FILE`);
  }
  const sites = parseSites(text, path ?? 'built-in demo province');
  if (path !== undefined) {
    const warning = plainCredentialsWarning(checkDemoCredentials(sites, text, path), path);
    if (warning !== undefined) options.warn?.(warning);
  }
  return sites;
}
