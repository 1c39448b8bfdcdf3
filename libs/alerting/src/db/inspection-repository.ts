import { randomUUID } from 'node:crypto';
import type { OrgPath } from '@campus/device-protocols';
import type { HazardGrade } from '../domain';
import {
  INSPECTION_STATUSES,
  ITEM_RESULTS,
  type ChecklistItem,
  type Finding,
  type InspectionStatus,
  type ItemResult,
  type StoredInspection,
} from '../domain/inspection';
import type { Database } from './database';
import {
  INSPECTION_COLUMNS,
  toFinding,
  toInspection,
  type FindingJson,
  type InspectionRow,
} from './inspection-rows';
import { checkLimit, orgContainsSql, SqlParams, whereClause } from './sql-params';
import { orNull, toIso, type Instant } from './sql-values';

export interface NewInspection {
  org: OrgPath;
  inspector: string;
  inspectorOrg: string;
  items: readonly ChecklistItem[];
  at?: Instant;
  /** The year the number counts in (the province's local year of `at`). */
  year: number;
}

export interface InspectionListQuery {
  /** Any org code: only inspections of schools it contains. */
  orgUnit: string;
  school?: string;
  status?: InspectionStatus;
  /** Default 200. */
  limit?: number;
}

export interface NewFinding {
  /** Chosen by the caller: the hazard's key names it. */
  id: string;
  item: string | null;
  title: string;
  grade: HazardGrade;
  deadline: Instant;
  note?: string;
  hazardId: string;
  createdBy: string;
  at?: Instant;
}

export type InspectionChange =
  | { ok: true; inspection: StoredInspection }
  | { ok: false; reason: 'not_found' | 'completed' | 'unknown_item' };

/**
 * `alerting.inspections` (线上督查, the checklist as jsonb) and `alerting.inspection_findings`.
 * Stores and fetches; who may inspect which school is the inspection service's business. Changes
 * apply only while the inspection is in progress, checked in the same statement.
 */
export class InspectionRepository {
  constructor(private readonly db: Database) {}

  async create(input: NewInspection): Promise<StoredInspection> {
    const { org } = input;
    const { rows } = await this.db.query<InspectionRow>(
      `WITH n AS (
         INSERT INTO alerting.inspection_numbers (year, last) VALUES ($10, 1)
         ON CONFLICT (year) DO UPDATE SET last = alerting.inspection_numbers.last + 1
         RETURNING year, last
       ), i AS (
         INSERT INTO alerting.inspections (id, province, city, county, school, inspector, inspector_org, status,
           started_at, checklist, number_year, number_seq)
         SELECT $1, $2, $3, $4, $5, $6, $7, 'in_progress', $8, $9::jsonb, n.year, n.last FROM n
         RETURNING *
       )
       SELECT ${INSPECTION_COLUMNS} FROM i`,
      [
        randomUUID(),
        org.province,
        org.city,
        org.county,
        org.school,
        input.inspector,
        input.inspectorOrg,
        toIso(input.at ?? Date.now()),
        JSON.stringify(input.items),
        input.year,
      ],
    );
    const row = rows[0];
    if (!row) throw new Error(`creating an inspection of ${org.school} returned no row`);
    return toInspection(row);
  }

  async get(id: string): Promise<StoredInspection | undefined> {
    const { rows } = await this.db.query<InspectionRow>(
      `SELECT ${INSPECTION_COLUMNS} FROM alerting.inspections i WHERE i.id = $1`,
      [id],
    );
    return rows[0] ? toInspection(rows[0]) : undefined;
  }

  /** Newest start first. */
  async list(query: InspectionListQuery): Promise<StoredInspection[]> {
    const p = new SqlParams();
    const where = [orgContainsSql(p.add(query.orgUnit), 'i')];
    if (query.school !== undefined) where.push(`i.school = ${p.add(query.school)}`);
    if (query.status !== undefined) where.push(`i.status = ${p.add(checkStatus(query.status))}`);
    const { rows } = await this.db.query<InspectionRow>(
      `SELECT ${INSPECTION_COLUMNS} FROM alerting.inspections i ${whereClause(where)}
       ORDER BY i.started_at DESC, i.id DESC LIMIT ${p.add(checkLimit(query.limit ?? 200))}`,
      p.values,
    );
    return rows.map(toInspection);
  }

  /**
   * Sets the inspector's verdict (and, when given, the note) of checklist item `key`, in place in
   * the jsonb array (order kept), only while in progress. Concurrent edits of different items
   * both land: each rewrites one element of the row it locks.
   */
  async setItemResult(
    id: string,
    key: string,
    change: { result: ItemResult; note?: string },
  ): Promise<InspectionChange> {
    if (!ITEM_RESULTS.includes(change.result)) {
      throw new Error(`unknown item result ${JSON.stringify(change.result)}: use ${ITEM_RESULTS.join(', ')}`);
    }
    const patch = { result: change.result, ...(change.note === undefined ? {} : { note: change.note }) };
    const { rows } = await this.db.query<InspectionRow>(
      `WITH i AS (
         UPDATE alerting.inspections AS x SET checklist = (
           SELECT jsonb_agg(CASE WHEN e->>'key' = $2 THEN e || $3::jsonb ELSE e END ORDER BY n)
           FROM jsonb_array_elements(x.checklist) WITH ORDINALITY AS t(e, n))
         WHERE x.id = $1 AND x.status = 'in_progress' AND x.checklist @> $4::jsonb
         RETURNING x.*
       )
       SELECT ${INSPECTION_COLUMNS} FROM i`,
      [id, key, JSON.stringify(patch), JSON.stringify([{ key }])],
    );
    if (rows[0]) return { ok: true, inspection: toInspection(rows[0]) };
    const current = await this.get(id);
    if (current === undefined) return { ok: false, reason: 'not_found' };
    if (current.status !== 'in_progress') return { ok: false, reason: 'completed' };
    return { ok: false, reason: 'unknown_item' };
  }

  /**
   * Records a finding whose hazard is registered already. Not conditional on the status: a
   * finding accepted while another request completes the inspection still lands with its hazard
   * (never a hazard without its finding); the service refuses findings on completed inspections.
   * Undefined when there is no such inspection.
   */
  async addFinding(inspectionId: string, finding: NewFinding): Promise<Finding | undefined> {
    const { rows } = await this.db.query<FindingJson>(
      `WITH f AS (
         INSERT INTO alerting.inspection_findings (id, inspection_id, item_key, title, grade, deadline, note,
           hazard_id, created_by, created_at)
         SELECT $2, id, $3, $4, $5, $6, $7, $8, $9, $10 FROM alerting.inspections WHERE id = $1
         RETURNING *
       )
       SELECT f.id, f.item_key, f.title, f.grade, f.deadline, f.note, f.hazard_id, h.state AS hazard_state,
         f.created_by, f.created_at
       FROM f JOIN alerting.hazards h ON h.id = f.hazard_id`,
      [
        inspectionId,
        finding.id,
        finding.item,
        finding.title,
        finding.grade,
        toIso(finding.deadline),
        orNull(finding.note),
        finding.hazardId,
        finding.createdBy,
        toIso(finding.at ?? Date.now()),
      ],
    );
    return rows[0] ? toFinding(rows[0]) : undefined;
  }

  /** in_progress → completed, with the conclusion. */
  async complete(id: string, change: { conclusion?: string; at?: Instant } = {}): Promise<InspectionChange> {
    const { rows } = await this.db.query<InspectionRow>(
      `WITH i AS (
         UPDATE alerting.inspections SET status = 'completed', completed_at = $2, conclusion = $3
         WHERE id = $1 AND status = 'in_progress'
         RETURNING *
       )
       SELECT ${INSPECTION_COLUMNS} FROM i`,
      [id, toIso(change.at ?? Date.now()), orNull(change.conclusion)],
    );
    if (rows[0]) return { ok: true, inspection: toInspection(rows[0]) };
    return (await this.get(id)) === undefined
      ? { ok: false, reason: 'not_found' }
      : { ok: false, reason: 'completed' };
  }
}

function checkStatus(status: InspectionStatus): InspectionStatus {
  if (!INSPECTION_STATUSES.includes(status)) {
    throw new Error(
      `unknown inspection status ${JSON.stringify(status)}: use ${INSPECTION_STATUSES.join(', ')}`,
    );
  }
  return status;
}
