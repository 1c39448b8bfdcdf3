import { randomUUID } from 'node:crypto';
import { RISK_GRADES, type Device, type OrgPath, type RiskGrade } from '@campus/device-protocols';
import type { RiskPoint } from '../domain';
import type { Database, SqlParam } from './database';
import {
  RISK_POINT_COLUMNS,
  riskPointName,
  seededRiskPointId,
  toRiskPoint,
  type RiskPointRow,
} from './risk-point-rows';
import { orgContainsSql, SqlParams, whereClause } from './sql-params';
import { orNull, toIso, type Instant } from './sql-values';

export interface RiskPointInput {
  /** Given: insert or replace that point; omitted: a new point. */
  id?: string;
  org: OrgPath;
  device?: string | null;
  name: string;
  grade: RiskGrade;
  lecL?: number | null;
  lecE?: number | null;
  lecC?: number | null;
  measures?: string | null;
  owner?: string | null;
  updatedBy: string;
  at?: Instant;
}

const SEED_CHUNK = 500;

function checkGrade(grade: RiskGrade): void {
  if (!RISK_GRADES.includes(grade))
    throw new Error(`unknown risk grade ${JSON.stringify(grade)}: use ${RISK_GRADES.join(', ')}`);
}

/** `alerting.risk_points` (风险分级管控). `lecScore` is computed by the database (L × E × C). */
export class RiskPointRepository {
  constructor(private readonly db: Database) {}

  async upsert(input: RiskPointInput): Promise<RiskPoint> {
    checkGrade(input.grade);
    const { org } = input;
    const { rows } = await this.db.query<RiskPointRow>(
      `INSERT INTO alerting.risk_points (id, province, city, county, school, device, name, grade, lec_l, lec_e, lec_c,
         measures, owner, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (id) DO UPDATE SET province = EXCLUDED.province, city = EXCLUDED.city, county = EXCLUDED.county,
         school = EXCLUDED.school, device = EXCLUDED.device, name = EXCLUDED.name, grade = EXCLUDED.grade,
         lec_l = EXCLUDED.lec_l, lec_e = EXCLUDED.lec_e, lec_c = EXCLUDED.lec_c, measures = EXCLUDED.measures,
         owner = EXCLUDED.owner, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
       RETURNING ${RISK_POINT_COLUMNS}`,
      [
        input.id ?? randomUUID(),
        org.province,
        org.city,
        org.county,
        org.school,
        orNull(input.device),
        input.name,
        input.grade,
        orNull(input.lecL),
        orNull(input.lecE),
        orNull(input.lecC),
        orNull(input.measures),
        orNull(input.owner),
        input.updatedBy,
        toIso(input.at ?? Date.now()),
      ],
    );
    const row = rows[0];
    if (!row) throw new Error(`saving risk point ${input.name} of ${org.school} returned no row`);
    return toRiskPoint(row);
  }

  async get(id: string): Promise<RiskPoint | undefined> {
    const { rows } = await this.db.query<RiskPointRow>(
      `SELECT ${RISK_POINT_COLUMNS} FROM alerting.risk_points WHERE id = $1`,
      [id],
    );
    return rows[0] ? toRiskPoint(rows[0]) : undefined;
  }

  /** A school's risk points, most severe grade first, then by name. */
  listBySchool(school: string): Promise<RiskPoint[]> {
    return this.list({ orgUnit: school });
  }

  /** Risk points of schools within `orgUnit`, most severe grade first, then by school and name. */
  async list(query: { orgUnit: string; grade?: RiskGrade }): Promise<RiskPoint[]> {
    const p = new SqlParams();
    const where = [orgContainsSql(p.add(query.orgUnit))];
    if (query.grade !== undefined) where.push(`grade = ${p.add(query.grade)}`);
    const { rows } = await this.db.query<RiskPointRow>(
      `SELECT ${RISK_POINT_COLUMNS} FROM alerting.risk_points ${whereClause(where)}
       ORDER BY array_position(ARRAY['red', 'orange', 'yellow', 'blue']::text[], grade), school, name, id`,
      p.values,
    );
    return rows.map(toRiskPoint);
  }

  async remove(id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM alerting.risk_points WHERE id = $1', [id]);
    return rowCount === 1;
  }

  /**
   * One risk point per sites-file device with a `risk` grade (id `device:<id>`, named after its
   * location). Points that exist already are left alone — edits made in the app survive a restart.
   * Returns how many were added.
   */
  async seedFromDevices(
    devices: readonly Device[],
    by = 'sites-file',
    at: Instant = Date.now(),
  ): Promise<number> {
    const when = toIso(at);
    const seeded = devices.filter((d) => d.risk !== undefined);
    let added = 0;
    for (let i = 0; i < seeded.length; i += SEED_CHUNK) {
      const p = new SqlParams();
      const values = seeded.slice(i, i + SEED_CHUNK).map((d) => {
        const row: SqlParam[] = [
          seededRiskPointId(d.id),
          d.org.province,
          d.org.city,
          d.org.county,
          d.org.school,
          d.id,
          riskPointName(d),
          d.risk ?? 'blue',
          by,
          when,
        ];
        return `(${row.map((v) => p.add(v)).join(', ')})`;
      });
      const { rowCount } = await this.db.query(
        `INSERT INTO alerting.risk_points (id, province, city, county, school, device, name, grade, updated_by, updated_at)
         VALUES ${values.join(', ')} ON CONFLICT (id) DO NOTHING`,
        p.values,
      );
      added += rowCount;
    }
    return added;
  }
}

export { seededRiskPointId } from './risk-point-rows';
