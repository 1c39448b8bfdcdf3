import { randomUUID } from 'node:crypto';
import type { OrgPath } from '@campus/device-protocols';
import type { Drill } from '../domain';
import type { Database } from './database';
import { checkLimit, orgContainsSql, SqlParams, whereClause } from './sql-params';
import { orNull, toIso, type Instant } from './sql-values';

export interface NewDrill {
  org: OrgPath;
  /** Null: the whole school. */
  device: string | null;
  from: Instant;
  to: Instant;
  createdBy: string;
  note?: string;
  at?: Instant;
}

interface DrillRow {
  id: string;
  province: string;
  city: string;
  county: string;
  school: string;
  device: string | null;
  starts_at: string;
  ends_at: string;
  created_by: string;
  created_at: string;
  note: string | null;
}

const COLUMNS =
  'id, province, city, county, school, device, starts_at, ends_at, created_by, created_at, note';

function toDrill(r: DrillRow): Drill {
  return {
    id: r.id,
    org: { province: r.province, city: r.city, county: r.county, school: r.school },
    device: r.device,
    from: r.starts_at,
    to: r.ends_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    note: r.note,
  };
}

/** `alerting.drills` (应急演练 windows). */
export class DrillRepository {
  constructor(private readonly db: Database) {}

  async create(input: NewDrill): Promise<Drill> {
    const from = toIso(input.from);
    const to = toIso(input.to);
    if (to <= from) throw new Error(`a drill must end after it starts: from ${from}, to ${to}`);
    const { org } = input;
    const { rows } = await this.db.query<DrillRow>(
      `INSERT INTO alerting.drills (id, province, city, county, school, device, starts_at, ends_at, created_by, created_at, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
      [
        randomUUID(),
        org.province,
        org.city,
        org.county,
        org.school,
        input.device,
        from,
        to,
        input.createdBy,
        toIso(input.at ?? Date.now()),
        orNull(input.note),
      ],
    );
    const row = rows[0];
    if (!row) throw new Error(`creating a drill for ${org.school} returned no row`);
    return toDrill(row);
  }

  async get(id: string): Promise<Drill | undefined> {
    const { rows } = await this.db.query<DrillRow>(`SELECT ${COLUMNS} FROM alerting.drills WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? toDrill(rows[0]) : undefined;
  }

  /**
   * The drill covering `device` of `school` at `at` (a whole-school drill or one for that device),
   * if any: the alert service marks alerts opened then as drills.
   */
  async activeFor(school: string, device: string | null, at: Instant): Promise<Drill | undefined> {
    const { rows } = await this.db.query<DrillRow>(
      `SELECT ${COLUMNS} FROM alerting.drills
       WHERE school = $1 AND (device IS NULL OR device = $2) AND starts_at <= $3 AND ends_at > $3
       ORDER BY starts_at DESC, id LIMIT 1`,
      [school, device, toIso(at)],
    );
    return rows[0] ? toDrill(rows[0]) : undefined;
  }

  /** Drills of schools within `orgUnit` (all without it), latest start first; `activeAt` keeps those on then. */
  async list(
    query: { orgUnit?: string; activeAt?: Instant; endedAfter?: Instant; limit?: number } = {},
  ): Promise<Drill[]> {
    const p = new SqlParams();
    const where: string[] = [];
    if (query.orgUnit !== undefined) where.push(orgContainsSql(p.add(query.orgUnit)));
    if (query.activeAt !== undefined) {
      const at = p.add(toIso(query.activeAt));
      where.push(`starts_at <= ${at}::timestamptz AND ends_at > ${at}::timestamptz`);
    }
    if (query.endedAfter !== undefined) where.push(`ends_at > ${p.add(toIso(query.endedAfter))}`);
    const { rows } = await this.db.query<DrillRow>(
      `SELECT ${COLUMNS} FROM alerting.drills ${whereClause(where)} ORDER BY starts_at DESC, id
       LIMIT ${p.add(checkLimit(query.limit ?? 500))}`,
      p.values,
    );
    return rows.map(toDrill);
  }

  /** Ends a drill early at `at` (no change if it ended already); false when there is no such drill. */
  async end(id: string, at: Instant = Date.now()): Promise<boolean> {
    const { rowCount } = await this.db.query(
      "UPDATE alerting.drills SET ends_at = GREATEST(starts_at + interval '1 millisecond', LEAST(ends_at, $2)) WHERE id = $1",
      [id, toIso(at)],
    );
    return rowCount === 1;
  }

  async remove(id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM alerting.drills WHERE id = $1', [id]);
    return rowCount === 1;
  }
}
