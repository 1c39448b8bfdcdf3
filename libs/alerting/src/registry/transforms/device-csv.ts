import { z } from 'zod';
import { DEVICE_KIND_LABELS, DEVICE_PROTOCOLS, PLACE_USE_LABELS, RISK_GRADES } from '@campus/api-contract';
import type { DeviceImportRow, DeviceKind } from '@campus/api-contract';
import { RegistryValidationError, type SitesDocument } from '../registry-store';
import { addDevice, deviceEntryOf, needsSecret } from './devices';
import { checkDocument, copyOf, findSchool, schoolSubdocument, type DocEntry } from './sites-document';

/**
 * Bulk import of a school's devices from CSV (docs/registry.md): parsing (RFC 4180: commas, quoted
 * fields with "" for a quote, CRLF or LF) and the per-row plan. Pure; the caller adds the secrets.
 */

/** The columns an import may have; `id` and `kind` are required, the others optional. */
export const DEVICE_CSV_COLUMNS = [
  'id',
  'kind',
  'protocol',
  'building',
  'floor',
  'room',
  'use',
  'risk',
  'bridge',
  'name',
  'baseTopic',
  'address',
] as const;
type Column = (typeof DEVICE_CSV_COLUMNS)[number];

/** A problem with the file as a whole (no header, an unknown column): the import is refused. */
export class DeviceCsvError extends Error {}

/** The records of a CSV text, each a list of fields; blank lines are skipped. */
export function parseCsvRecords(text: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0]?.trim() === '')) out.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line += 1;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else field += c;
  }
  if (quoted) throw new DeviceCsvError(`line ${recordLine}: a quoted field is not closed (a " is missing)`);
  if (field !== '' || fields.length > 0) endRecord();
  return out;
}

const optionalText = z
  .string()
  .transform((s) => s.trim())
  .transform((s) => (s === '' ? undefined : s));
const oneOfOrEmpty = <T extends string>(values: readonly T[], what: string) =>
  optionalText.refine((s) => s === undefined || (values as readonly string[]).includes(s), {
    error: (iss) => `${what} "${String(iss.input)}" is not one of ${values.join(', ')}`,
  }) as unknown as z.ZodType<T | undefined, string>;
const wholeOrEmpty = (what: string) =>
  optionalText.transform((s, ctx) => {
    if (s === undefined) return undefined;
    if (!/^-?\d+$/.test(s)) {
      ctx.issues.push({ code: 'custom', input: s, message: `${what} "${s}" is not a whole number` });
      return z.NEVER;
    }
    return Number(s);
  });

const rowSchema = z.object({
  id: optionalText.refine((s) => s !== undefined, { error: 'id is empty: every row needs a device id' }),
  kind: oneOfOrEmpty(Object.keys(DEVICE_KIND_LABELS), 'kind').refine((s) => s !== undefined, {
    error: 'kind is empty: every row needs a device kind',
  }),
  protocol: oneOfOrEmpty(DEVICE_PROTOCOLS, 'protocol'),
  building: optionalText,
  floor: wholeOrEmpty('floor'),
  room: optionalText,
  use: oneOfOrEmpty(Object.keys(PLACE_USE_LABELS), 'use'),
  risk: oneOfOrEmpty(RISK_GRADES, 'risk'),
  bridge: optionalText,
  name: optionalText,
  baseTopic: optionalText,
  address: wholeOrEmpty('address'),
});

/** One data row: its device entry, or why it cannot be one. */
export type DeviceCsvRow = { row: number; id: string | null } & (
  { entry: DocEntry; reason?: undefined } | { entry?: undefined; reason: string }
);

/** The rows of an import file; throws DeviceCsvError when the header is missing or wrong. */
export function parseDeviceCsv(text: string): DeviceCsvRow[] {
  const records = parseCsvRecords(text);
  const header = records[0];
  if (header === undefined)
    throw new DeviceCsvError(
      `the file is empty: the first line names the columns (${DEVICE_CSV_COLUMNS.join(',')})`,
    );
  const columns = header.fields.map((f) => f.trim());
  for (const c of columns)
    if (!(DEVICE_CSV_COLUMNS as readonly string[]).includes(c))
      throw new DeviceCsvError(
        `line ${header.line}: unknown column "${c}"; the columns are ${DEVICE_CSV_COLUMNS.join(', ')}`,
      );
  for (const needed of ['id', 'kind'] as const)
    if (!columns.includes(needed))
      throw new DeviceCsvError(`line ${header.line}: the column "${needed}" is missing`);

  return records.slice(1).map(({ line, fields }): DeviceCsvRow => {
    const raw: Partial<Record<Column, string>> = {};
    columns.forEach((c, i) => (raw[c as Column] = fields[i] ?? ''));
    const rawId = raw.id?.trim() || null;
    if (fields.length > columns.length)
      return { row: line, id: rawId, reason: `${fields.length} fields for ${columns.length} columns` };
    const parsed = rowSchema.safeParse({
      ...Object.fromEntries(DEVICE_CSV_COLUMNS.map((c) => [c, ''])),
      ...raw,
    });
    if (!parsed.success)
      return { row: line, id: rawId, reason: parsed.error.issues.map((i) => i.message).join('; ') };
    const r = parsed.data;
    if ((r.bridge === undefined) !== (r.name === undefined))
      return {
        row: line,
        id: rawId,
        reason: "bridge and name go together: the bridge's id and the device's name on it",
      };
    const location = Object.fromEntries(
      Object.entries({ building: r.building, floor: r.floor, room: r.room, use: r.use }).filter(
        ([, v]) => v !== undefined,
      ),
    );
    const entry = deviceEntryOf({
      id: r.id as string,
      kind: r.kind as DeviceKind,
      ...(r.protocol === undefined ? {} : { protocol: r.protocol }),
      ...(Object.keys(location).length === 0 ? {} : { location }),
      ...(r.risk === undefined ? {} : { risk: r.risk }),
      ...(r.bridge === undefined || r.name === undefined ? {} : { via: { bridge: r.bridge, name: r.name } }),
      ...(r.baseTopic === undefined ? {} : { baseTopic: r.baseTopic }),
      ...(r.address === undefined ? {} : { address: r.address }),
    });
    return { row: line, id: r.id as string, entry };
  });
}

export interface DeviceImportPlan {
  /** The document with every accepted row added. */
  document: SitesDocument;
  rows: DeviceImportRow[];
  /** The accepted rows' device entries, in file order. */
  accepted: DocEntry[];
}

/**
 * Adds the rows one by one to the school, each checked as the sites file is (with the rows before
 * it): a row that would break the document is refused with the reason, the rest go on. `secretOf`
 * gives each device that logs in with a secret its new secret.
 */
export function planDeviceImport(
  doc: SitesDocument,
  school: string,
  rows: readonly DeviceCsvRow[],
  secretOf: (id: string) => string,
): DeviceImportPlan {
  if (findSchool(doc, school) === undefined)
    throw new RegistryValidationError('school', `no school ${school} in the registry`);
  let document = copyOf(doc);
  const report: DeviceImportRow[] = [];
  const accepted: DocEntry[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.entry === undefined) {
      report.push({ row: row.row, id: row.id, ok: false, reason: row.reason });
      continue;
    }
    const entry = { ...row.entry };
    const id = String(entry['id']);
    if (seen.has(id)) {
      report.push({
        row: row.row,
        id,
        ok: false,
        reason: `device id "${id}" is on an earlier row of the file`,
      });
      continue;
    }
    if (needsSecret(entry)) entry['secret'] = secretOf(id);
    try {
      const trial = addDevice(document, school, entry);
      // one school, not the province: the store checks the whole document when the import is applied
      checkDocument(schoolSubdocument(trial, school));
      document = trial;
      accepted.push(entry);
      seen.add(id);
      report.push({ row: row.row, id, ok: true });
    } catch (e) {
      if (!(e instanceof RegistryValidationError)) throw e;
      report.push({ row: row.row, id, ok: false, reason: e.reason });
    }
  }
  return { document, rows: report, accepted };
}
