import { readFile } from 'node:fs/promises';
import {
  DEMO_SITES_PATH,
  SitesFileError,
  checkDemoCredentials,
  plainCredentialsWarning,
  readSitesFile,
  type Sites,
} from '@campus/device-protocols';

export interface LoadSitesOptions {
  /** Where the one warning about plain-text credentials in a real sites file goes. */
  warn?: (message: string) => void;
}

/** A read sites file: the parsed sites, its content as a document (what seeds the registry), and its name. */
export interface LoadedSitesFile {
  sites: Sites;
  /** The file's content as plain JSON (docs/registry.md): what seeds an empty registry. */
  document: Record<string, unknown>;
  /** How messages name it: the path, or `built-in demo province`. */
  source: string;
  /** The path given (SITES_FILE); absent for the built-in demo. */
  file?: string;
}

/**
 * Reads and validates the sites file (`SITES_FILE`), or the built-in demo province. A real sites
 * file with the demo's public password or secret is refused (`SitesFileError` with the line);
 * its other plain-text credentials give one warning. See docs/sites-file.md.
 */
export async function loadSitesFile(
  path: string | undefined,
  options: LoadSitesOptions = {},
): Promise<LoadedSitesFile> {
  const file = path ?? DEMO_SITES_PATH;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new SitesFileError(file, undefined, `cannot read the sites file (${code}): check SITES_FILE`);
  }
  const source = path ?? 'built-in demo province';
  const { sites, document } = readSitesFile(text, source);
  if (path !== undefined) {
    const warning = plainCredentialsWarning(checkDemoCredentials(sites, text, path), path);
    if (warning !== undefined) options.warn?.(warning);
  }
  return { sites, document, source, ...(path === undefined ? {} : { file: path }) };
}

/** `loadSitesFile`'s parsed sites alone. */
export async function loadSites(path: string | undefined, options: LoadSitesOptions = {}): Promise<Sites> {
  return (await loadSitesFile(path, options)).sites;
}
