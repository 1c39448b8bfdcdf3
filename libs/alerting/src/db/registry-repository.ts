import type { Severity } from '@campus/device-protocols';
import type { Queryable } from './database';
import { toIso, toJson, type Instant } from './sql-values';
import type {
  ContactRow,
  DeviceRow,
  EscalationRow,
  OrgLevelName,
  OrgRow,
  RegistryRows,
  RuleRow,
  TopologyRow,
  UserRow,
} from '../registry/registry-rows';
import type { RegistryChange, RegistryEntity, RegistryHistoryEntry } from '../registry/registry-store';

/**
 * The registry's tables (migration 011): read whole as `RegistryRows`, written change by change.
 * Every function takes the `Queryable` to run on, so the store runs them in its transaction.
 */

type Json = Record<string, unknown>;

/** Key of the transaction-scoped advisory lock that serialises registry changes across replicas. */
export const REGISTRY_LOCK_KEY = '7310382557010011';
/** The PostgreSQL NOTIFY channel of a committed registry version (payload: the version). */
export const REGISTRY_CHANNEL = 'campus_registry';

function withOptional<T extends object>(base: T, optional: Record<string, unknown>): T {
  for (const [k, v] of Object.entries(optional)) if (v !== null && v !== undefined) (base as Json)[k] = v;
  return base;
}

export async function readRegistryVersion(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ version: number }>('SELECT version FROM alerting.registry_version');
  return rows[0]?.version ?? 0;
}

/** The version, locked until the transaction ends (`FOR UPDATE`). */
export async function lockRegistryVersion(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ version: number }>(
    'SELECT version FROM alerting.registry_version FOR UPDATE',
  );
  return rows[0]?.version ?? 0;
}

export async function readRegistryRows(q: Queryable): Promise<RegistryRows> {
  const orgs = await q.query<{
    code: string;
    level: OrgLevelName;
    parent: string | null;
    name: string;
    bureau: string | null;
    timezone: string | null;
    hours: Json | null;
    location: Json | null;
  }>(
    'SELECT code, level, parent, name, bureau, timezone, hours, location FROM alerting.registry_orgs ORDER BY seq',
  );
  const devices = await q.query<{
    id: string;
    school: string;
    kind: string;
    protocol: string | null;
    body: Json;
    secret_hash: string | null;
  }>(
    `SELECT id, school, kind, protocol, body, secret_hash FROM alerting.registry_devices
     WHERE retired_at IS NULL ORDER BY seq`,
  );
  const contacts = await q.query<{
    id: string;
    org: string;
    name: string;
    phone: string;
    hours: unknown[] | null;
  }>('SELECT id, org, name, phone, hours FROM alerting.registry_contacts ORDER BY seq');
  const users = await q.query<{
    username: string;
    name: string | null;
    role: string;
    org: string;
    password_hash: string | null;
  }>(
    `SELECT u.username, u.name, u.role, u.org, a.password_hash
     FROM alerting.registry_users u LEFT JOIN alerting.accounts a ON a.username = u.username
     ORDER BY u.seq`,
  );
  const escalation = await q.query<{ severity: Severity; steps: unknown[] }>(
    'SELECT severity, steps FROM alerting.registry_escalation ORDER BY seq',
  );
  const rules = await q.query<{ name: string; body: Json }>(
    'SELECT name, body FROM alerting.registry_rules ORDER BY seq',
  );
  const topology = await q.query<{ kind: 'gateway' | 'alertService'; id: string; body: Json }>(
    'SELECT kind, id, body FROM alerting.registry_topology ORDER BY seq',
  );
  return {
    orgs: orgs.rows.map((o) =>
      withOptional<OrgRow>(
        { code: o.code, level: o.level, name: o.name },
        { parent: o.parent, bureau: o.bureau, timezone: o.timezone, hours: o.hours, location: o.location },
      ),
    ),
    devices: devices.rows.map((d) =>
      withOptional<DeviceRow>(
        { id: d.id, school: d.school, kind: d.kind, body: d.body },
        { protocol: d.protocol, secretHash: d.secret_hash },
      ),
    ),
    contacts: contacts.rows.map((c) =>
      withOptional<ContactRow>({ id: c.id, org: c.org, name: c.name, phone: c.phone }, { hours: c.hours }),
    ),
    users: users.rows.map((u) =>
      withOptional<UserRow>(
        { username: u.username, role: u.role, org: u.org },
        { name: u.name, passwordHash: u.password_hash },
      ),
    ),
    escalation: escalation.rows.map((e): EscalationRow => ({ severity: e.severity, steps: e.steps })),
    rules: rules.rows.map((r): RuleRow => ({ name: r.name, body: r.body })),
    topology: topology.rows.map((t): TopologyRow => ({ kind: t.kind, id: t.id, body: t.body })),
  };
}

/** Password hashes already kept for these users (set through the API before the registry existed). */
export async function readAccountHashes(q: Queryable): Promise<Map<string, string>> {
  const { rows } = await q.query<{ username: string; password_hash: string }>(
    'SELECT username, password_hash FROM alerting.accounts WHERE password_hash IS NOT NULL',
  );
  return new Map(rows.map((r) => [r.username, r.password_hash]));
}

const jsonOrNull = (v: unknown): string | null => (v === undefined ? null : toJson(v));

async function writeOrg(q: Queryable, op: RegistryChange['op'], row: OrgRow): Promise<void> {
  if (op === 'removed') {
    await q.query('DELETE FROM alerting.registry_orgs WHERE code = $1', [row.code]);
    return;
  }
  const params = [
    row.code,
    row.level,
    row.parent ?? null,
    row.name,
    row.bureau ?? null,
    row.timezone ?? null,
    jsonOrNull(row.hours),
    jsonOrNull(row.location),
  ];
  if (op === 'added') {
    await q.query(
      `INSERT INTO alerting.registry_orgs (code, level, parent, name, bureau, timezone, hours, location)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)`,
      params,
    );
  } else {
    await q.query(
      `UPDATE alerting.registry_orgs SET level = $2, parent = $3, name = $4, bureau = $5, timezone = $6,
         hours = $7::jsonb, location = $8::jsonb WHERE code = $1`,
      params,
    );
  }
}

async function writeDevice(
  q: Queryable,
  op: RegistryChange['op'],
  row: DeviceRow,
  at: string,
): Promise<void> {
  if (op === 'removed') {
    // retired, not deleted: the id stays taken and its history readable
    await q.query('UPDATE alerting.registry_devices SET retired_at = $2 WHERE id = $1', [row.id, at]);
    return;
  }
  const params = [
    row.id,
    row.school,
    row.kind,
    row.protocol ?? null,
    toJson(row.body),
    row.secretHash ?? null,
  ];
  if (op === 'added') {
    // a retired device's id may come back: the row is reused
    await q.query(
      `INSERT INTO alerting.registry_devices (id, school, kind, protocol, body, secret_hash)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)
       ON CONFLICT (id) DO UPDATE SET school = EXCLUDED.school, kind = EXCLUDED.kind,
         protocol = EXCLUDED.protocol, body = EXCLUDED.body, secret_hash = EXCLUDED.secret_hash,
         retired_at = NULL`,
      params,
    );
  } else {
    await q.query(
      `UPDATE alerting.registry_devices SET school = $2, kind = $3, protocol = $4, body = $5::jsonb,
         secret_hash = $6 WHERE id = $1`,
      params,
    );
  }
}

async function writeContact(q: Queryable, op: RegistryChange['op'], row: ContactRow): Promise<void> {
  if (op === 'removed') {
    await q.query('DELETE FROM alerting.registry_contacts WHERE id = $1', [row.id]);
    return;
  }
  const params = [row.id, row.org, row.name, row.phone, jsonOrNull(row.hours)];
  await q.query(
    op === 'added'
      ? `INSERT INTO alerting.registry_contacts (id, org, name, phone, hours) VALUES ($1, $2, $3, $4, $5::jsonb)`
      : `UPDATE alerting.registry_contacts SET org = $2, name = $3, phone = $4, hours = $5::jsonb WHERE id = $1`,
    params,
  );
}

/** The hash goes to `alerting.accounts`; a new hash, or a removed user, refuses every token issued before. */
async function writeUser(
  q: Queryable,
  op: RegistryChange['op'],
  row: UserRow,
  before: UserRow | undefined,
  at: string,
): Promise<void> {
  if (op === 'removed') {
    await q.query('DELETE FROM alerting.registry_users WHERE username = $1', [row.username]);
    await q.query(
      `UPDATE alerting.accounts SET password_hash = NULL, token_version = token_version + 1, updated_at = $2
       WHERE username = $1`,
      [row.username, at],
    );
    return;
  }
  const params = [row.username, row.name ?? null, row.role, row.org];
  await q.query(
    op === 'added'
      ? 'INSERT INTO alerting.registry_users (username, name, role, org) VALUES ($1, $2, $3, $4)'
      : 'UPDATE alerting.registry_users SET name = $2, role = $3, org = $4 WHERE username = $1',
    params,
  );
  if (row.passwordHash !== before?.passwordHash) {
    await q.query(
      `INSERT INTO alerting.accounts AS a (username, password_hash, token_version, updated_at)
       VALUES ($1, $2, 0, $3)
       ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash,
         token_version = CASE WHEN a.password_hash IS NULL OR a.password_hash = EXCLUDED.password_hash
                              THEN a.token_version ELSE a.token_version + 1 END,
         updated_at = EXCLUDED.updated_at`,
      [row.username, row.passwordHash ?? null, at],
    );
  }
}

async function writeKeyed(
  q: Queryable,
  op: RegistryChange['op'],
  table: 'registry_escalation' | 'registry_rules',
  key: [string, string],
  value: [string, unknown],
): Promise<void> {
  const [keyColumn, keyValue] = key;
  const [valueColumn, body] = value;
  if (op === 'removed') {
    await q.query(`DELETE FROM alerting.${table} WHERE ${keyColumn} = $1`, [keyValue]);
  } else if (op === 'added') {
    await q.query(`INSERT INTO alerting.${table} (${keyColumn}, ${valueColumn}) VALUES ($1, $2::jsonb)`, [
      keyValue,
      toJson(body),
    ]);
  } else {
    await q.query(`UPDATE alerting.${table} SET ${valueColumn} = $2::jsonb WHERE ${keyColumn} = $1`, [
      keyValue,
      toJson(body),
    ]);
  }
}

async function writeTopology(q: Queryable, op: RegistryChange['op'], row: TopologyRow): Promise<void> {
  if (op === 'removed') {
    await q.query('DELETE FROM alerting.registry_topology WHERE kind = $1 AND id = $2', [row.kind, row.id]);
  } else if (op === 'added') {
    await q.query('INSERT INTO alerting.registry_topology (kind, id, body) VALUES ($1, $2, $3::jsonb)', [
      row.kind,
      row.id,
      toJson(row.body),
    ]);
  } else {
    await q.query('UPDATE alerting.registry_topology SET body = $3::jsonb WHERE kind = $1 AND id = $2', [
      row.kind,
      row.id,
      toJson(row.body),
    ]);
  }
}

/** Writes exactly `changes` (a diff from registry-diff.ts: its values are rows). */
export async function writeRegistryChanges(
  q: Queryable,
  changes: readonly RegistryChange[],
  at: Instant,
): Promise<void> {
  const when = toIso(at);
  for (const change of changes) {
    const row = (change.op === 'removed' ? change.before : change.after) as never;
    switch (change.entity) {
      case 'province':
      case 'org':
        await writeOrg(q, change.op, row as OrgRow);
        break;
      case 'device':
        await writeDevice(q, change.op, row as DeviceRow, when);
        break;
      case 'contact':
        await writeContact(q, change.op, row as ContactRow);
        break;
      case 'user':
        await writeUser(q, change.op, row as UserRow, change.before as UserRow | undefined, when);
        break;
      case 'escalation': {
        const e = row as EscalationRow;
        await writeKeyed(q, change.op, 'registry_escalation', ['severity', e.severity], ['steps', e.steps]);
        break;
      }
      case 'rule': {
        const r = row as RuleRow;
        await writeKeyed(q, change.op, 'registry_rules', ['name', r.name], ['body', r.body]);
        break;
      }
      case 'gateway':
      case 'alertService':
        await writeTopology(q, change.op, row as TopologyRow);
        break;
    }
  }
}

/** Bumps the version, records the history entry, and (PostgreSQL) notifies on commit. */
export async function commitRegistryVersion(
  q: Queryable,
  entry: Omit<RegistryHistoryEntry, 'at'> & { at: Instant },
  notify: boolean,
): Promise<void> {
  await q.query('UPDATE alerting.registry_version SET version = $1', [entry.version]);
  await q.query(
    `INSERT INTO alerting.registry_history (version, at, actor, reason, changes) VALUES ($1, $2, $3, $4, $5::jsonb)`,
    [entry.version, toIso(entry.at), entry.actor, entry.reason, toJson(entry.changes)],
  );
  if (notify) await q.query('SELECT pg_notify($1, $2)', [REGISTRY_CHANNEL, String(entry.version)]);
}

/** History newest first; with `entity` (and `key`), only the versions touching it, and only those changes. */
export async function readRegistryHistory(
  q: Queryable,
  filter: { entity?: RegistryEntity; key?: string; limit?: number } = {},
): Promise<RegistryHistoryEntry[]> {
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
  const match: Json = {};
  if (filter.entity !== undefined) match['entity'] = filter.entity;
  if (filter.key !== undefined) match['key'] = filter.key;
  const filtered = Object.keys(match).length > 0;
  const { rows } = await q.query<{
    version: number;
    at: string;
    actor: string;
    reason: string;
    changes: RegistryChange[];
  }>(
    `SELECT version, at, actor, reason, changes FROM alerting.registry_history
     ${filtered ? 'WHERE changes @> $2::jsonb' : ''} ORDER BY version DESC LIMIT $1`,
    filtered ? [limit, toJson([match])] : [limit],
  );
  return rows.map((r) => ({
    version: r.version,
    at: r.at,
    actor: r.actor,
    reason: r.reason,
    changes: filtered
      ? r.changes.filter(
          (c) =>
            (filter.entity === undefined || c.entity === filter.entity) &&
            (filter.key === undefined || c.key === filter.key),
        )
      : r.changes,
  }));
}
