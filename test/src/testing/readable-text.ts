/**
 * What a zh-CN screen must not show (issue #11, docs/user-guide.md "What the screens show"): the
 * platform's internal ids and raw fields, in place of the words a guard or an official reads.
 */

/** Latin words a zh-CN screen may show: brand names, protocols, units, file types. */
export const ALLOWED_WORDS: readonly string[] = [
  'MQTT',
  'CO',
  'CO₂',
  'ppm',
  'LEC',
  'IoT',
  'PDF',
  'CSV',
  'SMS',
  'AI',
  'NVR',
  'Zigbee',
  'Frigate',
  'GB',
  'T',
  'km',
  'kPa',
  'dB',
  'lx',
  'mA',
  'RH',
  'IP',
  // P90: the percentile, as the reports name it.
  'P',
  // The language switch names the other language in that language.
  'English',
];

export interface ReadableTextOptions {
  /** Login names of users who have a person's name: the screen shows the name, never the login. */
  logins?: readonly string[];
  /** Ids a screen may show as they are, being what is written on the device (`smk-0001`). */
  deviceIds?: readonly string[];
  /** More Latin words the screen may show. */
  allowedWords?: readonly string[];
}

export interface Unreadable {
  /** Which rule the text broke. */
  kind: 'uuid' | 'epoch' | 'raw field' | 'rule id' | 'login' | 'english';
  /** The offending text, as found. */
  found: string;
  /** Some text around it, to find it on the screen. */
  context: string;
}

const UUID =
  /\b[0-9a-f]{8}-(?:[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|[0-9a-f]{0,4}(?:…|\.\.\.))/gi;
const EPOCH = /(?<!\d)1\d{12}(?!\d)/g;
/** `cause: status`, `lastHeard: 179…`, `a=b`: a lower-case field name and a colon or equals sign. */
const RAW_FIELD = /(?<![\w:/-])[a-z][A-Za-z0-9_]*\s?[:=](?![/\d])(?=\s?\S)/g;
/** `default:sos`, `site:door-open`: a rule's id in place of its name. */
const RULE_ID = /(?<![\w-])[a-z][\w-]*:[a-z][\w-]*(?![\w-])/g;
const LATIN_WORD = /[A-Za-z][A-Za-z₂]*/g;

function around(text: string, index: number, length: number): string {
  return text
    .slice(Math.max(0, index - 20), index + length + 20)
    .replace(/\s+/g, ' ')
    .trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Everything in `text` (a screen's visible text) that a zh-CN reader should not see: UUIDs (or
 * their shortened form), 13-digit epoch numbers, `field: value` dumps, rule ids, the login names
 * of users who have a name, and Latin words outside the allow-list. Device ids are blanked first,
 * being the labels on the devices themselves.
 */
export function unreadableText(text: string, options: ReadableTextOptions = {}): Unreadable[] {
  const found: Unreadable[] = [];
  const add = (kind: Unreadable['kind'], re: RegExp, source: string): string => {
    let rest = source;
    for (const m of source.matchAll(re)) {
      found.push({ kind, found: m[0].trim(), context: around(source, m.index, m[0].length) });
    }
    rest = source.replace(re, (m) => ' '.repeat(m.length));
    return rest;
  };
  let rest = text;
  for (const id of [...(options.deviceIds ?? [])].sort((a, b) => b.length - a.length)) {
    rest = rest.replace(new RegExp(`(?<![\\w-])${escapeRegExp(id)}(?![\\w-])`, 'g'), (m) =>
      ' '.repeat(m.length),
    );
  }
  // Web and e-mail addresses are what they are; so are °C and °F.
  rest = rest.replace(/\bhttps?:\/\/\S+|\S+@\S+\.\w+|°[CF]\b/g, (m) => ' '.repeat(m.length));
  rest = add('uuid', UUID, rest);
  rest = add('epoch', EPOCH, rest);
  rest = add('rule id', RULE_ID, rest);
  rest = add('raw field', RAW_FIELD, rest);
  for (const login of options.logins ?? []) {
    rest = add('login', new RegExp(`(?<![A-Za-z0-9_-])${escapeRegExp(login)}(?![A-Za-z0-9_-])`, 'g'), rest);
  }
  const allowed = new Set([...ALLOWED_WORDS, ...(options.allowedWords ?? [])]);
  for (const m of rest.matchAll(LATIN_WORD)) {
    if (!allowed.has(m[0]))
      found.push({ kind: 'english', found: m[0], context: around(rest, m.index, m[0].length) });
  }
  return found;
}

/** One line per finding, for a test's failure message. */
export function formatUnreadable(found: readonly Unreadable[]): string {
  return found.map((f) => `  ${f.kind}: "${f.found}" in "…${f.context}…"`).join('\n');
}
