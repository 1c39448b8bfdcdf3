import type { MediaKind, StoredMedia } from '../domain/media';
import type { Database } from './database';
import { toIso, type Instant } from './sql-values';

interface MediaRow {
  id: string;
  alert_id: string;
  camera: string;
  kind: MediaKind;
  content_type: string | null;
  size: number | null;
  key: string | null;
  fetched_at: string;
  error: string | null;
}

const COLUMNS = 'id, alert_id, camera, kind, content_type, size, key, fetched_at, error';

const toMedia = (r: MediaRow): StoredMedia => ({
  id: r.id,
  alertId: r.alert_id,
  camera: r.camera,
  kind: r.kind,
  contentType: r.content_type,
  size: r.size,
  key: r.key,
  fetchedAt: r.fetched_at,
  error: r.error,
});

export type NewMedia = Omit<StoredMedia, 'fetchedAt'> & { fetchedAt?: Instant };

/** `alerting.alert_media` (视频复核, docs/alerting.md): what the covering cameras gave for an alert. */
export class MediaRepository {
  constructor(private readonly db: Database) {}

  /** Stores the row; undefined when the alert is gone. */
  async add(media: NewMedia): Promise<StoredMedia | undefined> {
    const { rows } = await this.db.query<MediaRow>(
      `INSERT INTO alerting.alert_media (id, alert_id, camera, kind, content_type, size, key, fetched_at, error)
       SELECT $1, a.id, $3, $4, $5, $6, $7, $8::timestamptz, $9 FROM alerting.alerts a WHERE a.id = $2
       RETURNING ${COLUMNS}`,
      [
        media.id,
        media.alertId,
        media.camera,
        media.kind,
        media.contentType,
        media.size,
        media.key,
        toIso(media.fetchedAt ?? Date.now()),
        media.error,
      ],
    );
    return rows[0] ? toMedia(rows[0]) : undefined;
  }

  /** The alert's media, oldest first. */
  async listForAlert(alertId: string): Promise<StoredMedia[]> {
    const { rows } = await this.db.query<MediaRow>(
      `SELECT ${COLUMNS} FROM alerting.alert_media WHERE alert_id = $1 ORDER BY fetched_at, id`,
      [alertId],
    );
    return rows.map(toMedia);
  }

  async get(id: string): Promise<StoredMedia | undefined> {
    const { rows } = await this.db.query<MediaRow>(
      `SELECT ${COLUMNS} FROM alerting.alert_media WHERE id = $1`,
      [id],
    );
    return rows[0] ? toMedia(rows[0]) : undefined;
  }
}
