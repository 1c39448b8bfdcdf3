import type { MediaKind } from '@campus/api-contract';

export { MEDIA_KINDS, type MediaKind } from '@campus/api-contract';

/** A row of `alerting.alert_media` (migration 012): a stored camera file, or a camera that failed. */
export interface StoredMedia {
  id: string;
  alertId: string;
  camera: string;
  kind: MediaKind;
  contentType: string | null;
  size: number | null;
  /** The PhotoStore key; null when `error` says why there is no file. */
  key: string | null;
  fetchedAt: string;
  error: string | null;
}
