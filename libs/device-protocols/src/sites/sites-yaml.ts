import { stringify } from 'yaml';

/**
 * A sites document as a sites file (docs/sites-file.md): what `npm run sites -- export` and
 * `GET /api/sites/export` write. Strings that YAML would read as something else (codes with
 * leading zeros, phone numbers) are quoted by the serialiser.
 */
export function formatSitesYaml(doc: Record<string, unknown>, header?: string): string {
  const body = stringify(doc, { lineWidth: 0, singleQuote: false });
  return header === undefined ? body : `${header.replace(/^/gm, '# ')}\n${body}`;
}
