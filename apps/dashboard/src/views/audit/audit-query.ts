import type { AuditOutcome } from '@campus/api-contract';

/**
 * The audit screen's pure parts: who sees it, the filter as query parameters, the action list,
 * and where an entry's target opens. The server decides in the end (403 for other roles).
 */

/** Roles that read the audit log: admins and the education bureaus' officials. */
export const AUDIT_READER_ROLES = ['county_officer', 'city_officer', 'province_officer', 'admin'] as const;

export function mayReadAudit(user: { role: string } | null): boolean {
  return user !== null && (AUDIT_READER_ROLES as readonly string[]).includes(user.role);
}

/** The actions of GET /api/audit, by family (the server's closed set, libs/alerting/src/domain/audit.ts). */
export const AUDIT_ACTION_GROUPS: Readonly<Record<string, readonly string[]>> = {
  auth: [
    'auth.login',
    'auth.login_failed',
    'auth.lockout',
    'auth.logout',
    'auth.password_change',
    'auth.password_reset',
  ],
  access: ['access.denied'],
  alert: ['alert.acknowledge', 'alert.resolve'],
  hazard: [
    'hazard.start_rectification',
    'hazard.submit_for_acceptance',
    'hazard.accept',
    'hazard.reject',
    'hazard.photo_add',
  ],
  hazard_report: [
    'hazard_report.submit',
    'hazard_report.register',
    'hazard_report.merge',
    'hazard_report.dismiss',
  ],
  drill: ['drill.start', 'drill.end'],
  inspection: ['inspection.create', 'inspection.update', 'inspection.complete'],
  risk_point: ['risk_point.create', 'risk_point.update'],
  config: ['config.load', 'config.users_change', 'config.import'],
  registry: [
    'registry.device_add',
    'registry.device_update',
    'registry.device_retire',
    'registry.device_secret_rotate',
    'registry.device_enrolment',
    'registry.device_enrol',
    'registry.device_import',
    'registry.contact_add',
    'registry.contact_update',
    'registry.contact_remove',
    'registry.org_add',
    'registry.org_update',
    'registry.escalation_update',
    'registry.rule_add',
    'registry.rule_update',
    'registry.rule_remove',
    'registry.user_add',
    'registry.user_update',
  ],
};

// The wire types of GET /api/audit are libs/api-contract's (docs/alerting.md, "Audit log").
export { AUDIT_OUTCOMES, type AuditEntry, type AuditOutcome, type AuditPage } from '@campus/api-contract';

export const PERIODS = ['h24', 'd7', 'd30', 'custom'] as const;
export type Period = (typeof PERIODS)[number];

export interface AuditFilter {
  period: Period;
  /** `YYYY-MM-DD` days (local), both included, for `custom`. */
  days: [string, string] | null;
  actor: string;
  /** An action, a family, or '' for all. */
  action: string;
  outcome: AuditOutcome | '';
}

const HOUR = 3_600_000;
const SPAN: Record<Exclude<Period, 'custom'>, number> = {
  h24: 24 * HOUR,
  d7: 7 * 24 * HOUR,
  d30: 30 * 24 * HOUR,
};

/** Local midnight of a `YYYY-MM-DD` day, as epoch ms (NaN for anything else). */
function localDay(day: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(day);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime() : Number.NaN;
}

/** The period as [from, to) in epoch ms; null for a custom period not chosen yet. */
export function periodRange(
  filter: Pick<AuditFilter, 'period' | 'days'>,
  now: number,
): [number, number] | null {
  if (filter.period !== 'custom') return [now - SPAN[filter.period], now + 60_000];
  if (filter.days === null) return null;
  const from = localDay(filter.days[0]);
  const to = localDay(filter.days[1]);
  if (Number.isNaN(from) || Number.isNaN(to) || to < from) return null;
  const next = new Date(to);
  next.setDate(next.getDate() + 1);
  return [from, next.getTime()];
}

/** The query parameters of GET /api/audit (and .csv) for the filter; null while the period is incomplete. */
export function auditParams(filter: AuditFilter, now: number): Record<string, string> | null {
  const range = periodRange(filter, now);
  if (range === null) return null;
  const params: Record<string, string> = { from: String(range[0]), to: String(range[1]) };
  const actor = filter.actor.trim();
  if (actor) params['actor'] = actor;
  if (filter.action) params['action'] = filter.action;
  if (filter.outcome) params['outcome'] = filter.outcome;
  return params;
}

/** Where a target opens in the dashboard, or null (`alert:<id>` → the alert, `hazard:<id>` → the register …). */
export function targetLink(
  target: string | null,
): { name: string; params?: Record<string, string>; query?: Record<string, string> } | null {
  const parts = targetParts(target);
  if (!parts) return null;
  const { kind, id } = parts;
  if (kind === 'hazard_report') return { name: 'hazard-reports', query: { id } };
  if (kind === 'alert') return { name: 'alert', params: { id } };
  if (kind === 'hazard') return { name: 'hazards', query: { id } };
  if (kind === 'inspection') return { name: 'inspection', params: { id } };
  return null;
}

/** A target's kind and id: `hazard_report:61a8…` → `{ kind: 'hazard_report', id: '61a8…' }`. */
export function targetParts(target: string | null): { kind: string; id: string } | null {
  const m = /^([a-z_]+):(.+)$/.exec(target ?? '');
  return m?.[1] && m[2] ? { kind: m[1], id: m[2] } : null;
}

/** How the screen words a detail's value (labels and formats come in from the view). */
export interface DetailWords {
  /** The label of a detail key (`audit.detail.<key>`), undefined for a key the screen does not show. */
  key(key: string): string | undefined;
  /** A coded value in words (`from: rectifying` → 整改中), undefined when the value is not a code. */
  code(key: string, value: string): string | undefined;
  dateTime(iso: string): string;
  /** A person's name for a login. */
  person(login: string): string;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const INTERNAL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-/i;

/**
 * `detail` as one short line in words: `状态 已登记 → 整改中`, `等级 一般隐患`, `整改期限 2026-12-21`.
 * Only the keys the screen labels are shown, ids never (the CSV export has every field as stored).
 */
export function detailText(detail: Record<string, unknown>, words: DetailWords): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(detail)) {
    const name = words.key(k);
    if (name === undefined) continue;
    let value: string | undefined;
    if (typeof v === 'number') value = String(v);
    else if (Array.isArray(v)) value = String(v.length);
    else if (typeof v === 'string') {
      if (INTERNAL_ID.test(v)) continue;
      value = ISO.test(v)
        ? words.dateTime(v)
        : (words.code(k, v) ?? (k === 'username' ? words.person(v) : v));
    }
    if (value !== undefined) parts.push(`${name} ${value}`);
  }
  return parts.join('，');
}
