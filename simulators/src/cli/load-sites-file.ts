import { readFile } from 'node:fs/promises';
import { parseSites, type Sites } from '@campus/device-protocols';

/** The sites file could not be used; the message says which file and why (SitesFileError: `file:line: reason`). */
export class SitesLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SitesLoadError';
  }
}

export async function loadSitesFile(path: string): Promise<Sites> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SitesLoadError(`cannot read sites file ${path}: ${reason}`);
  }
  try {
    return parseSites(text, path);
  } catch (error) {
    // SitesFileError's message is already `file:line: reason`.
    throw new SitesLoadError(error instanceof Error ? error.message : String(error));
  }
}
