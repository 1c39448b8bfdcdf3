import type { OrgLevel, Severity } from '@campus/device-protocols';
import type { Alert, AlertStatus, Disposition, TimelineItem, TimelineKind } from '../domain';

/** `alerting.alerts` as read (timestamps already ISO strings, see type-parsers.ts). */
export interface AlertRow {
  id: string;
  rule: string;
  type: string;
  severity: Severity;
  status: AlertStatus;
  level: OrgLevel;
  province: string;
  city: string;
  county: string;
  school: string;
  device: string | null;
  opened_at: string;
  last_occurred_at: string;
  occurrences: number;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  disposition: Disposition | null;
  note: string | null;
  drill: boolean;
  panic: boolean;
  auto_resolvable: boolean;
  detail: Record<string, unknown>;
  snapshot: string | null;
}

/** The columns of {@link AlertRow}, optionally qualified by a table alias. */
export function alertColumns(alias = ''): string {
  const p = alias ? `${alias}.` : '';
  return [
    'id',
    'rule',
    'type',
    'severity',
    'status',
    'level',
    'province',
    'city',
    'county',
    'school',
    'device',
    'opened_at',
    'last_occurred_at',
    'occurrences',
    'acknowledged_at',
    'acknowledged_by',
    'resolved_at',
    'resolved_by',
    'disposition',
    'note',
    'drill',
    'panic',
    'auto_resolvable',
    'detail',
  ]
    .map((c) => p + c)
    .concat(firstSnapshot(alias === '' ? 'alerting.alerts' : alias))
    .join(', ');
}

/** 视频复核: the alert's first stored snapshot (migration 012), so lists and broadcasts can show a thumbnail. */
const firstSnapshot = (table: string) =>
  `(SELECT m.id FROM alerting.alert_media m WHERE m.alert_id = ${table}.id AND m.kind = 'snapshot'
     AND m.key IS NOT NULL ORDER BY m.fetched_at, m.id LIMIT 1) AS snapshot`;

export function toAlert(r: AlertRow): Alert {
  return {
    id: r.id,
    type: r.type,
    severity: r.severity,
    status: r.status,
    level: r.level,
    school: r.school,
    county: r.county,
    city: r.city,
    province: r.province,
    device: r.device,
    openedAt: r.opened_at,
    acknowledgedAt: r.acknowledged_at,
    resolvedAt: r.resolved_at,
    occurrences: r.occurrences,
    acknowledgedBy: r.acknowledged_by,
    resolvedBy: r.resolved_by,
    disposition: r.disposition,
    note: r.note,
    rule: r.rule,
    drill: r.drill,
    panic: r.panic,
    lastOccurredAt: r.last_occurred_at,
    autoResolvable: r.auto_resolvable,
    detail: r.detail,
    snapshot: r.snapshot ?? null,
  };
}

export interface TimelineRow {
  at: string;
  kind: TimelineKind;
  data: Record<string, unknown>;
}

export function toTimelineItem(r: TimelineRow): TimelineItem {
  return { ...r.data, at: r.at, kind: r.kind };
}

/** What a timeline row keeps in `data`: every field but `at` and `kind`, undefined ones dropped. */
export function timelineData(item: Partial<TimelineItem>): string {
  const data: Record<string, unknown> = { ...item };
  delete data.at;
  delete data.kind;
  return JSON.stringify(data);
}
