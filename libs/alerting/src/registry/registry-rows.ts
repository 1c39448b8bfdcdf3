import { SEVERITIES, type Severity } from '@campus/device-protocols';
import type { SitesDocument } from './registry-store';

/**
 * The registry's rows (migration 011) as plain values, and the sites document they stand for.
 * `documentToRows` and `rowsToDocument` are inverses for a validated document whose credentials
 * are hashes and whose contacts have ids (the store sees to both before it gets here): an entry's
 * optional keys are kept as written, lists come back in the order of the rows.
 */

type Json = Record<string, unknown>;

export type OrgLevelName = 'province' | 'city' | 'county' | 'school';

export interface OrgRow {
  code: string;
  level: OrgLevelName;
  /** The unit above; absent for the province. */
  parent?: string;
  name: string;
  bureau?: string;
  /** Province only, as written. */
  timezone?: string;
  /** School only, as written (`open`, `close`, `days`). */
  hours?: Json;
  /** School only: `{lat, lng}`. */
  location?: Json;
}

export interface DeviceRow {
  id: string;
  school: string;
  kind: string;
  protocol?: string;
  /** Every other key of the device entry (location, risk, via, address, …). */
  body: Json;
  secretHash?: string;
}

export interface ContactRow {
  id: string;
  org: string;
  name: string;
  phone: string;
  hours?: unknown[];
}

export interface UserRow {
  username: string;
  name?: string;
  role: string;
  org: string;
  /** Whom a guard dispatches (派人到场) by SMS. */
  phone?: string;
  /** Lives in `alerting.accounts` (one place for a password hash). */
  passwordHash?: string;
}

export interface EscalationRow {
  severity: Severity;
  steps: unknown[];
}

export interface RuleRow {
  /** The rule's `id`. */
  name: string;
  /** The whole entry, `id` included. */
  body: Json;
}

export interface TopologyRow {
  kind: 'gateway' | 'alertService';
  id: string;
  /** The whole entry, `id` included. */
  body: Json;
}

export interface RegistryRows {
  orgs: OrgRow[];
  devices: DeviceRow[];
  contacts: ContactRow[];
  users: UserRow[];
  escalation: EscalationRow[];
  rules: RuleRow[];
  /** Emergency plans (应急预案) by their `id`, as rules. */
  plans: RuleRow[];
  topology: TopologyRow[];
}

/** No entries (a fresh value each time: callers push into it). */
export const emptyRows = (): RegistryRows => ({
  orgs: [],
  devices: [],
  contacts: [],
  users: [],
  escalation: [],
  rules: [],
  plans: [],
  topology: [],
});

const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const listOf = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isJson) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));

/** Copies `keys` of `from` that are present (not undefined) onto `to`. */
function copyPresent<T extends object>(to: T, from: Json, keys: readonly (keyof T & string)[]): T {
  for (const key of keys) {
    if (from[key] !== undefined) (to as Json)[key] = from[key];
  }
  return to;
}

/** Without `keys`. */
function omit(from: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(from)) if (!keys.includes(k) && v !== undefined) out[k] = v;
  return out;
}

const DEVICE_COLUMNS = ['id', 'kind', 'protocol', 'secretHash', 'secret'] as const;

/** The rows of a validated document (credentials hashed, contacts with ids). */
export function documentToRows(doc: SitesDocument): RegistryRows {
  const rows = emptyRows();
  const province = isJson(doc['province']) ? doc['province'] : undefined;
  if (province === undefined) return rows;
  rows.orgs.push(
    copyPresent(
      { code: str(province['code']), level: 'province', name: str(province['name']) } as OrgRow,
      province,
      ['bureau', 'timezone'],
    ),
  );
  for (const city of listOf(doc['cities'])) {
    rows.orgs.push(orgRow(city, 'city', str(province['code'])));
    for (const county of listOf(city['counties'])) {
      rows.orgs.push(orgRow(county, 'county', str(city['code'])));
      for (const school of listOf(county['schools'])) {
        rows.orgs.push(orgRow(school, 'school', str(county['code'])));
        for (const device of listOf(school['devices'])) {
          const row: DeviceRow = {
            id: str(device['id']),
            school: str(school['code']),
            kind: str(device['kind']),
            body: omit(device, DEVICE_COLUMNS),
          };
          if (typeof device['protocol'] === 'string') row.protocol = device['protocol'];
          if (typeof device['secretHash'] === 'string') row.secretHash = device['secretHash'];
          rows.devices.push(row);
        }
      }
    }
  }
  for (const c of listOf(doc['contacts'])) {
    const row: ContactRow = {
      id: str(c['id']),
      org: str(c['org']),
      name: str(c['name']),
      phone: str(c['phone']),
    };
    if (Array.isArray(c['hours'])) row.hours = c['hours'];
    rows.contacts.push(row);
  }
  for (const u of listOf(doc['users'])) {
    rows.users.push(
      copyPresent({ username: str(u['username']), role: str(u['role']), org: str(u['org']) } as UserRow, u, [
        'name',
        'phone',
        'passwordHash',
      ]),
    );
  }
  const escalation = isJson(doc['escalation']) ? doc['escalation'] : {};
  for (const severity of SEVERITIES) {
    const steps = escalation[severity];
    if (Array.isArray(steps)) rows.escalation.push({ severity, steps });
  }
  for (const rule of listOf(doc['rules'])) rows.rules.push({ name: str(rule['id']), body: rule });
  for (const plan of listOf(doc['plans'])) rows.plans.push({ name: str(plan['id']), body: plan });
  for (const g of listOf(doc['gateways'])) rows.topology.push({ kind: 'gateway', id: str(g['id']), body: g });
  for (const a of listOf(doc['alertServices'])) {
    rows.topology.push({ kind: 'alertService', id: str(a['id']), body: a });
  }
  return rows;
}

function orgRow(entry: Json, level: OrgLevelName, parent: string): OrgRow {
  const row: OrgRow = { code: str(entry['code']), level, parent, name: str(entry['name']) };
  copyPresent(row, entry, ['bureau']);
  if (level === 'school') copyPresent(row, entry, ['hours', 'location']);
  return row;
}

/** The document the rows stand for: lists in row order, the org tree from `parent`. */
export function rowsToDocument(rows: RegistryRows): SitesDocument {
  const province = rows.orgs.find((o) => o.level === 'province');
  if (province === undefined) return {};
  const children = new Map<string, OrgRow[]>();
  for (const org of rows.orgs) {
    if (org.parent === undefined) continue;
    const list = children.get(org.parent) ?? [];
    list.push(org);
    children.set(org.parent, list);
  }
  const devicesOf = new Map<string, DeviceRow[]>();
  for (const d of rows.devices) {
    const list = devicesOf.get(d.school) ?? [];
    list.push(d);
    devicesOf.set(d.school, list);
  }
  const under = (code: string, level: OrgLevelName) =>
    (children.get(code) ?? []).filter((o) => o.level === level);

  const doc: SitesDocument = {
    province: {
      code: province.code,
      name: province.name,
      ...(province.bureau === undefined ? {} : { bureau: province.bureau }),
      ...(province.timezone === undefined ? {} : { timezone: province.timezone }),
    },
    cities: under(province.code, 'city').map((city) => ({
      ...orgEntry(city),
      counties: under(city.code, 'county').map((county) => ({
        ...orgEntry(county),
        schools: under(county.code, 'school').map((school) => {
          const devices = (devicesOf.get(school.code) ?? []).map(deviceEntry);
          return { ...orgEntry(school), ...(devices.length > 0 ? { devices } : {}) };
        }),
      })),
    })),
  };
  if (rows.contacts.length > 0) {
    doc['contacts'] = rows.contacts.map((c) => ({
      id: c.id,
      org: c.org,
      name: c.name,
      phone: c.phone,
      ...(c.hours === undefined ? {} : { hours: c.hours }),
    }));
  }
  if (rows.users.length > 0) {
    doc['users'] = rows.users.map((u) => {
      const entry: Json = { username: u.username };
      if (u.name !== undefined) entry['name'] = u.name;
      if (u.passwordHash !== undefined) entry['passwordHash'] = u.passwordHash;
      entry['role'] = u.role;
      entry['org'] = u.org;
      if (u.phone !== undefined) entry['phone'] = u.phone;
      return entry;
    });
  }
  if (rows.escalation.length > 0) {
    const escalation: Json = {};
    for (const severity of SEVERITIES) {
      const row = rows.escalation.find((e) => e.severity === severity);
      if (row) escalation[severity] = row.steps;
    }
    doc['escalation'] = escalation;
  }
  if (rows.rules.length > 0) doc['rules'] = rows.rules.map((r) => r.body);
  if (rows.plans.length > 0) doc['plans'] = rows.plans.map((p) => p.body);
  const gateways = rows.topology.filter((t) => t.kind === 'gateway');
  if (gateways.length > 0) doc['gateways'] = gateways.map((g) => g.body);
  const alertServices = rows.topology.filter((t) => t.kind === 'alertService');
  if (alertServices.length > 0) doc['alertServices'] = alertServices.map((a) => a.body);
  return doc;
}

function orgEntry(org: OrgRow): Json {
  const entry: Json = { code: org.code, name: org.name };
  if (org.bureau !== undefined) entry['bureau'] = org.bureau;
  if (org.hours !== undefined) entry['hours'] = org.hours;
  if (org.location !== undefined) entry['location'] = org.location;
  return entry;
}

function deviceEntry(d: DeviceRow): Json {
  const entry: Json = { id: d.id, kind: d.kind };
  if (d.protocol !== undefined) entry['protocol'] = d.protocol;
  if (d.secretHash !== undefined) entry['secretHash'] = d.secretHash;
  return { ...entry, ...d.body };
}
