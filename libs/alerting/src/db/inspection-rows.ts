import type { HazardGrade, HazardState } from '../domain';
import type { ChecklistItem, Finding, InspectionStatus, StoredInspection } from '../domain/inspection';

/** A finding as the inspection query's `json_agg` returns it (timestamps already ISO text in UTC). */
export interface FindingJson {
  id: string;
  item_key: string | null;
  title: string;
  grade: HazardGrade;
  deadline: string;
  note: string | null;
  hazard_id: string;
  hazard_state: HazardState;
  created_by: string;
  created_at: string;
}

/** `alerting.inspections` with its findings, as read. */
export interface InspectionRow {
  id: string;
  number_year: number;
  number_seq: number;
  province: string;
  city: string;
  county: string;
  school: string;
  inspector: string;
  inspector_org: string;
  status: InspectionStatus;
  started_at: string;
  completed_at: string | null;
  checklist: ChecklistItem[];
  conclusion: string | null;
  findings: FindingJson[];
}

/**
 * `timestamptz` as ISO 8601 text in UTC with milliseconds, inside JSON: the session's TimeZone
 * and DateStyle would otherwise decide the form (`…+08:00`).
 */
function isoText(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** The findings of inspection `i`, with their hazards' current state, oldest first, as a JSON array. */
const FINDINGS_JSON = `COALESCE((
  SELECT json_agg(json_build_object(
      'id', f.id, 'item_key', f.item_key, 'title', f.title, 'grade', f.grade,
      'deadline', ${isoText('f.deadline')}, 'note', f.note, 'hazard_id', f.hazard_id,
      'hazard_state', h.state, 'created_by', f.created_by, 'created_at', ${isoText('f.created_at')})
    ORDER BY f.created_at, f.id)
  FROM alerting.inspection_findings f JOIN alerting.hazards h ON h.id = f.hazard_id
  WHERE f.inspection_id = i.id), '[]'::json) AS findings`;

/** The columns of {@link InspectionRow} from `alerting.inspections` (or a CTE of its rows) aliased `i`. */
export const INSPECTION_COLUMNS =
  'i.id, i.number_year, i.number_seq, i.province, i.city, i.county, i.school, i.inspector, i.inspector_org, i.status, i.started_at, ' +
  `i.completed_at, i.checklist, i.conclusion, ${FINDINGS_JSON}`;

/** `2026-0012`: the year and the year's sequence, four digits at least. */
export function inspectionNumber(year: number, seq: number): string {
  return `${year}-${String(seq).padStart(4, '0')}`;
}

export function toFinding(f: FindingJson): Finding {
  return {
    id: f.id,
    item: f.item_key,
    title: f.title,
    grade: f.grade,
    deadline: f.deadline,
    note: f.note,
    hazardId: f.hazard_id,
    hazardState: f.hazard_state,
    createdBy: f.created_by,
    createdAt: f.created_at,
  };
}

export function toInspection(r: InspectionRow): StoredInspection {
  return {
    id: r.id,
    number: inspectionNumber(r.number_year, r.number_seq),
    school: r.school,
    county: r.county,
    city: r.city,
    province: r.province,
    inspector: r.inspector,
    inspectorOrg: r.inspector_org,
    status: r.status,
    startedAt: r.started_at,
    completedAt: r.completed_at,
    conclusion: r.conclusion,
    items: r.checklist,
    findings: r.findings.map(toFinding),
  };
}
