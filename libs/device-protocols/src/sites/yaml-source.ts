import { isMap, isScalar, LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import { SitesFileError } from './sites-model';

/** A sites file parsed as YAML: the document (for locating problems) and its plain JS value. */
export interface YamlSource {
  source: string;
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
}

function lineAt(lines: LineCounter, offset: number): number {
  return lines.linePos(offset).line;
}

/** The key text of the pair whose key starts at `offset` (for "duplicate key" messages). */
function keyAt(doc: Document.Parsed, offset: number): string | undefined {
  let key: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        key = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return key;
}

function syntaxReason(doc: Document.Parsed, error: YAMLError): string {
  switch (error.code) {
    case 'DUPLICATE_KEY': {
      const key = keyAt(doc, error.pos[0]);
      return `${key === undefined ? 'a key' : `key "${key}"`} appears twice in the same mapping — keep one`;
    }
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document (a second "---" line) — keep everything in one document';
    case 'TAB_AS_INDENT':
      return 'tabs are not allowed for indentation in YAML — indent with spaces';
    default:
      return `YAML syntax error: ${error.message}`;
  }
}

/**
 * Parses `text` as one YAML document. Throws `SitesFileError` with the line for a syntax error,
 * an alias to no anchor, an empty file, or a top level that is not a mapping.
 */
export function loadYaml(text: string, source: string): YamlSource {
  const lines = new LineCounter();
  // `merge: true` lets a file share device defaults with `<<: *anchor`.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true });
  const error = doc.errors[0];
  if (error) throw new SitesFileError(source, lineAt(lines, error.pos[0]), syntaxReason(doc, error));

  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) === undefined) {
        const line = alias.range ? lineAt(lines, alias.range[0]) : undefined;
        throw new SitesFileError(
          source,
          line,
          `alias *${alias.source} has no anchor &${alias.source} before it`,
        );
      }
    },
  });

  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    throw new SitesFileError(
      source,
      undefined,
      'the sites file is empty — it needs at least "province:" and "cities:" (see the documented example)',
    );
  }
  if (!isMap(root)) {
    throw new SitesFileError(
      source,
      lineAt(lines, root.range[0]),
      'the sites file must be a mapping of keys ("province:", "cities:", …) at the top level, not a list or a single value',
    );
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    throw new SitesFileError(
      source,
      undefined,
      `cannot read the YAML: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return { source, doc, lines, data };
}
