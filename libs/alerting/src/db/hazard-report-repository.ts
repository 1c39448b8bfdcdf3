import type { OrgPath } from '@campus/device-protocols';
import type {
  HazardGrade,
  HazardReportCategory,
  HazardReportStatus,
  HazardState,
  PhotoStage,
  StoredHazardReport,
  StoredPhoto,
} from '../domain';
import type { Database, Queryable } from './database';
import { checkLimit, orgContainsSql, SqlParams, whereClause } from './sql-params';
import { orNull, toIso, type Instant } from './sql-values';

/** A photo to record (its file is already in the PhotoStore). */
export interface NewPhoto {
  id: string;
  stage: PhotoStage;
  contentType: string;
  bytes: number;
  storageKey: string;
}

export interface NewHazardReport {
  id: string;
  status: 'new' | 'unverified';
  channel: 'account' | 'public';
  category: HazardReportCategory;
  description: string;
  building?: string | undefined;
  floor?: string | undefined;
  room?: string | undefined;
  urgent: boolean;
  reportedBy: string;
  contact?: string | undefined;
  org: OrgPath;
  at: Instant;
}

export interface HazardReportListQuery {
  /** Any org code: reports of the schools it contains. */
  orgUnit: string;
  status?: HazardReportStatus;
  /** Only this reporter's (a `school_staff` user sees their own). */
  reportedBy?: string;
  /** Default 200. */
  limit?: number;
}

/** What a triage changed, or why not: the report is not waiting for triage any more. */
export type TriageOutcome =
  | { ok: true; report: StoredHazardReport }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'already_triaged'; status: HazardReportStatus };

export interface RegisterFromReport {
  hazardId: string;
  grade: HazardGrade;
  title: string;
  owner: string;
  deadline: Instant;
  by: string;
  at: Instant;
}

interface ReportRow {
  id: string;
  status: HazardReportStatus;
  channel: 'account' | 'public';
  category: HazardReportCategory;
  description: string;
  building: string | null;
  floor: string | null;
  room: string | null;
  urgent: boolean;
  reported_by: string;
  contact: string | null;
  province: string;
  city: string;
  county: string;
  school: string;
  created_at: string;
  triaged_by: string | null;
  triaged_at: string | null;
  dismiss_reason: string | null;
  hazard_id: string | null;
  hazard_state: HazardState | null;
  photos: PhotoJson[];
}

interface PhotoRow {
  id: string;
  stage: PhotoStage;
  content_type: string;
  bytes: number;
  storage_key: string;
  by: string;
  at: string;
  report_id: string | null;
  hazard_id: string | null;
  province: string;
  city: string;
  county: string;
  school: string;
}

/** A photo row inside a report's `jsonb_agg` (timestamps as ISO text). */
type PhotoJson = PhotoRow;

const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

const PHOTO_COLUMNS =
  'p.id, p.stage, p.content_type, p.bytes, p.storage_key, p.by, p.at, p.report_id, p.hazard_id, p.province, p.city, p.county, p.school';

/** The report columns, the linked hazard's state and the report's photos (oldest first). */
const REPORT_SELECT = `
  SELECT r.id, r.status, r.channel, r.category, r.description, r.building, r.floor, r.room, r.urgent,
    r.reported_by, r.contact, r.province, r.city, r.county, r.school, r.created_at, r.triaged_by,
    r.triaged_at, r.dismiss_reason, r.hazard_id, h.state AS hazard_state,
    COALESCE((
      SELECT jsonb_agg(jsonb_build_object(
        'id', p.id, 'stage', p.stage, 'content_type', p.content_type, 'bytes', p.bytes,
        'storage_key', p.storage_key, 'by', p.by,
        'at', to_char(p.at AT TIME ZONE 'UTC', ${ISO_UTC}),
        'report_id', p.report_id, 'hazard_id', p.hazard_id, 'province', p.province, 'city', p.city,
        'county', p.county, 'school', p.school) ORDER BY p.at, p.seq)
      FROM alerting.photos p WHERE p.report_id = r.id), '[]'::jsonb) AS photos
  FROM alerting.hazard_reports r LEFT JOIN alerting.hazards h ON h.id = r.hazard_id`;

function toPhoto(r: PhotoRow): StoredPhoto {
  return {
    id: r.id,
    stage: r.stage,
    contentType: r.content_type,
    bytes: r.bytes,
    storageKey: r.storage_key,
    by: r.by,
    at: r.at,
    reportId: r.report_id,
    hazardId: r.hazard_id,
    province: r.province,
    city: r.city,
    county: r.county,
    school: r.school,
  };
}

function toReport(r: ReportRow): StoredHazardReport {
  return {
    id: r.id,
    status: r.status,
    channel: r.channel,
    category: r.category,
    description: r.description,
    building: r.building,
    floor: r.floor,
    room: r.room,
    urgent: r.urgent,
    reportedBy: r.reported_by,
    contact: r.contact,
    school: r.school,
    county: r.county,
    city: r.city,
    province: r.province,
    createdAt: r.created_at,
    triagedBy: r.triaged_by,
    triagedAt: r.triaged_at,
    dismissReason: r.dismiss_reason,
    hazardId: r.hazard_id,
    hazardState: r.hazard_state,
    fixed: r.hazard_state === 'closed',
    photos: r.photos.map(toPhoto),
  };
}

async function insertPhotos(
  tx: Queryable,
  photos: readonly NewPhoto[],
  link: { reportId: string | null; hazardId: string | null },
  by: string,
  org: OrgPath,
  at: string,
): Promise<void> {
  for (const p of photos) {
    await tx.query(
      `INSERT INTO alerting.photos (id, stage, content_type, bytes, storage_key, by, at, report_id, hazard_id,
         province, city, county, school)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        p.id,
        p.stage,
        p.contentType,
        p.bytes,
        p.storageKey,
        by,
        at,
        link.reportId,
        link.hazardId,
        org.province,
        org.city,
        org.county,
        org.school,
      ],
    );
  }
}

/**
 * `alerting.hazard_reports` and `alerting.photos` (人人参与). Stores and fetches; who may see or
 * triage a report is the hazard-report service's business. A triage changes a report only while
 * it waits (`new` or `unverified`), so two guards triaging at once cannot both win.
 */
export class HazardReportRepository {
  constructor(private readonly db: Database) {}

  /** The report and its photos, in one transaction. */
  async create(report: NewHazardReport, photos: readonly NewPhoto[]): Promise<StoredHazardReport> {
    const at = toIso(report.at);
    await this.db.transaction(async (tx) => {
      const { org } = report;
      await tx.query(
        `INSERT INTO alerting.hazard_reports (id, status, channel, category, description, building, floor, room,
           urgent, reported_by, contact, province, city, county, school, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          report.id,
          report.status,
          report.channel,
          report.category,
          report.description,
          orNull(report.building),
          orNull(report.floor),
          orNull(report.room),
          report.urgent,
          report.reportedBy,
          orNull(report.contact),
          org.province,
          org.city,
          org.county,
          org.school,
          at,
        ],
      );
      await insertPhotos(tx, photos, { reportId: report.id, hazardId: null }, report.reportedBy, org, at);
    });
    const stored = await this.get(report.id);
    if (stored === undefined)
      throw new Error(`hazard report ${report.id} vanished right after it was stored`);
    return stored;
  }

  async get(id: string): Promise<StoredHazardReport | undefined> {
    const { rows } = await this.db.query<ReportRow>(`${REPORT_SELECT} WHERE r.id = $1`, [id]);
    return rows[0] ? toReport(rows[0]) : undefined;
  }

  /** How many photos each hazard of org unit `orgUnit` has (all stages); hazards without any are absent. */
  async photoCountsByHazard(orgUnit: string): Promise<{ hazardId: string; photos: number }[]> {
    const { rows } = await this.db.query<{ hazard_id: string; photos: number }>(
      `SELECT hazard_id, count(*)::int AS photos FROM alerting.photos
        WHERE hazard_id IS NOT NULL AND ${orgContainsSql('$1')} GROUP BY hazard_id ORDER BY hazard_id`,
      [orgUnit],
    );
    return rows.map((r) => ({ hazardId: r.hazard_id, photos: r.photos }));
  }

  /** The public reports linked to a hazard that left a contact: who to tell when it is fixed. */
  async publicReportsWithContact(
    hazardId: string,
  ): Promise<{ id: string; category: HazardReportCategory; school: string; contact: string }[]> {
    const { rows } = await this.db.query<{
      id: string;
      category: HazardReportCategory;
      school: string;
      contact: string;
    }>(
      `SELECT id, category, school, contact FROM alerting.hazard_reports
        WHERE hazard_id = $1 AND channel = 'public' AND contact IS NOT NULL ORDER BY created_at`,
      [hazardId],
    );
    return rows;
  }

  /** Newest first. */
  async list(query: HazardReportListQuery): Promise<StoredHazardReport[]> {
    const p = new SqlParams();
    const where = [orgContainsSql(p.add(query.orgUnit), 'r')];
    if (query.status !== undefined) where.push(`r.status = ${p.add(query.status)}`);
    if (query.reportedBy !== undefined) where.push(`r.reported_by = ${p.add(query.reportedBy)}`);
    const limit = p.add(checkLimit(query.limit ?? 200));
    const { rows } = await this.db.query<ReportRow>(
      `${REPORT_SELECT} ${whereClause(where)} ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit}`,
      p.values,
    );
    return rows.map(toReport);
  }

  /**
   * Registers the waiting report as a new hazard (隐患, source `report`, key `report:<id>`) in the
   * hazard workflow, links it, and gives the hazard the report's photos as its "before" photos.
   * One transaction: either all of it or nothing.
   */
  async register(id: string, r: RegisterFromReport): Promise<TriageOutcome> {
    const at = toIso(r.at);
    const done = await this.db.transaction(async (tx) => {
      const claimed = await this.claim(tx, id, 'registered', r.by, at, null);
      if (claimed === undefined) return false;
      await tx.query(
        `INSERT INTO alerting.hazards (id, key, source, title, grade, state, province, city, county, school,
           device, owner, deadline, registered_at, last_seen_at, occurrences, detail)
         VALUES ($1, $2, 'report', $3, $4, 'registered', $5, $6, $7, $8, NULL, $9, $10, $11, $11, 1, $12::jsonb)`,
        [
          r.hazardId,
          `report:${id}`,
          r.title,
          r.grade,
          claimed.province,
          claimed.city,
          claimed.county,
          claimed.school,
          r.owner,
          toIso(r.deadline),
          at,
          JSON.stringify({ reportId: id }),
        ],
      );
      await tx.query(
        `INSERT INTO alerting.hazard_events (hazard_id, at, from_state, to_state, by, note)
         VALUES ($1, $2, NULL, 'registered', $3, $4)`,
        [r.hazardId, at, r.by, `由隐患报告 ${id} 登记`],
      );
      await tx.query('UPDATE alerting.hazard_reports SET hazard_id = $2 WHERE id = $1', [id, r.hazardId]);
      await tx.query('UPDATE alerting.photos SET hazard_id = $2 WHERE report_id = $1', [id, r.hazardId]);
      return true;
    });
    return this.outcome(id, done);
  }

  /** Links the waiting report to an existing hazard (its photos become the hazard's too), with a hazard event. */
  async merge(
    id: string,
    into: { hazardId: string; hazardState: HazardState; by: string; at: Instant },
  ): Promise<TriageOutcome> {
    const at = toIso(into.at);
    const done = await this.db.transaction(async (tx) => {
      const claimed = await this.claim(tx, id, 'merged', into.by, at, null);
      if (claimed === undefined) return false;
      await tx.query('UPDATE alerting.hazard_reports SET hazard_id = $2 WHERE id = $1', [id, into.hazardId]);
      await tx.query('UPDATE alerting.photos SET hazard_id = $2 WHERE report_id = $1', [id, into.hazardId]);
      await tx.query(
        `INSERT INTO alerting.hazard_events (hazard_id, at, from_state, to_state, by, note)
         VALUES ($1, $2, $3, $3, $4, $5)`,
        [into.hazardId, at, into.hazardState, into.by, `并入隐患报告 ${id}`],
      );
      return true;
    });
    return this.outcome(id, done);
  }

  async dismiss(id: string, d: { reason: string; by: string; at: Instant }): Promise<TriageOutcome> {
    const done = await this.db.transaction(
      async (tx) => (await this.claim(tx, id, 'dismissed', d.by, toIso(d.at), d.reason)) !== undefined,
    );
    return this.outcome(id, done);
  }

  /** Photos of the hazard's loop (its reports' and its own), oldest first, in upload order. */
  async hazardPhotos(hazardId: string): Promise<StoredPhoto[]> {
    const { rows } = await this.db.query<PhotoRow>(
      `SELECT ${PHOTO_COLUMNS} FROM alerting.photos p WHERE p.hazard_id = $1 ORDER BY p.at, p.seq`,
      [hazardId],
    );
    return rows.map(toPhoto);
  }

  async photo(id: string): Promise<StoredPhoto | undefined> {
    const { rows } = await this.db.query<PhotoRow>(
      `SELECT ${PHOTO_COLUMNS} FROM alerting.photos p WHERE p.id = $1`,
      [id],
    );
    return rows[0] ? toPhoto(rows[0]) : undefined;
  }

  /**
   * Photos of a hazard's rectification or acceptance, with one hazard event that names them (the
   * hazard's history keeps them: docs/alerting.md).
   */
  async addHazardPhotos(
    hazard: { id: string; state: HazardState } & OrgPath,
    photos: readonly NewPhoto[],
    by: string,
    note: string,
    at: Instant,
  ): Promise<StoredPhoto[]> {
    const when = toIso(at);
    await this.db.transaction(async (tx) => {
      await insertPhotos(tx, photos, { reportId: null, hazardId: hazard.id }, by, hazard, when);
      await tx.query(
        `INSERT INTO alerting.hazard_events (hazard_id, at, from_state, to_state, by, note)
         VALUES ($1, $2, $3, $3, $4, $5)`,
        [hazard.id, when, hazard.state, by, note],
      );
    });
    const all = await this.hazardPhotos(hazard.id);
    const ids = new Set(photos.map((p) => p.id));
    return all.filter((p) => ids.has(p.id));
  }

  /** How many photos of `stage` the hazard has. */
  async countHazardPhotos(hazardId: string, stage: PhotoStage): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM alerting.photos WHERE hazard_id = $1 AND stage = $2',
      [hazardId, stage],
    );
    return rows[0]?.n ?? 0;
  }

  /** Sets the triage fields if the report still waits; its org path, or undefined. */
  private async claim(
    tx: Queryable,
    id: string,
    status: 'registered' | 'merged' | 'dismissed',
    by: string,
    at: string,
    reason: string | null,
  ): Promise<OrgPath | undefined> {
    const { rows } = await tx.query<OrgPath>(
      `UPDATE alerting.hazard_reports SET status = $2, triaged_by = $3, triaged_at = $4, dismiss_reason = $5
       WHERE id = $1 AND status IN ('new', 'unverified')
       RETURNING province, city, county, school`,
      [id, status, by, at, reason],
    );
    return rows[0];
  }

  private async outcome(id: string, done: boolean): Promise<TriageOutcome> {
    const report = await this.get(id);
    if (report === undefined) return { ok: false, reason: 'not_found' };
    return done ? { ok: true, report } : { ok: false, reason: 'already_triaged', status: report.status };
  }
}
