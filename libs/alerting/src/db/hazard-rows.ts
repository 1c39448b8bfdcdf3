import type { OrgLevel } from '@campus/device-protocols';
import type { Hazard, HazardEvent, HazardGrade, HazardState } from '../domain';

export interface HazardRow {
  id: string;
  key: string;
  source: string;
  title: string;
  grade: HazardGrade;
  state: HazardState;
  province: string;
  city: string;
  county: string;
  school: string;
  device: string | null;
  owner: string | null;
  deadline: string;
  registered_at: string;
  last_seen_at: string;
  occurrences: number;
  rectified_by: string | null;
  rectified_at: string | null;
  accepted_by: string | null;
  closed_at: string | null;
  escalated_to: OrgLevel;
  escalated_at: string | null;
  detail: Record<string, unknown>;
  overdue: boolean;
}

/** The columns of {@link HazardRow}; `overdue` is computed against the parameter `nowParam`. */
export function hazardColumns(nowParam: string, alias = ''): string {
  const p = alias ? `${alias}.` : '';
  const columns = [
    'id',
    'key',
    'source',
    'title',
    'grade',
    'state',
    'province',
    'city',
    'county',
    'school',
    'device',
    'owner',
    'deadline',
    'registered_at',
    'last_seen_at',
    'occurrences',
    'rectified_by',
    'rectified_at',
    'accepted_by',
    'closed_at',
    'escalated_to',
    'escalated_at',
    'detail',
  ].map((c) => p + c);
  return `${columns.join(', ')}, (${p}state <> 'closed' AND ${p}deadline <= ${nowParam}::timestamptz) AS overdue`;
}

export function toHazard(r: HazardRow): Hazard {
  return {
    id: r.id,
    key: r.key,
    source: r.source,
    title: r.title,
    grade: r.grade,
    state: r.state,
    school: r.school,
    county: r.county,
    city: r.city,
    province: r.province,
    device: r.device,
    owner: r.owner,
    deadline: r.deadline,
    registeredAt: r.registered_at,
    rectifiedBy: r.rectified_by,
    rectifiedAt: r.rectified_at,
    acceptedBy: r.accepted_by,
    closedAt: r.closed_at,
    escalatedTo: r.escalated_to,
    overdue: r.overdue,
    detail: r.detail,
    lastSeenAt: r.last_seen_at,
    occurrences: r.occurrences,
    escalatedAt: r.escalated_at,
  };
}

export interface HazardEventRow {
  hazard_id: string;
  at: string;
  from_state: HazardState | null;
  to_state: HazardState;
  by: string;
  note: string | null;
}

export function toHazardEvent(r: HazardEventRow): HazardEvent {
  return { hazardId: r.hazard_id, at: r.at, from: r.from_state, to: r.to_state, by: r.by, note: r.note };
}
