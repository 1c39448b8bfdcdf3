import type { PlaceView } from './common';

/** What a camera gave for an alert (视频复核, docs/alerting.md): a still picture or a short clip. */
export const MEDIA_KINDS = ['snapshot', 'clip'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/**
 * One item of `GET /api/alerts/{id}/media`: a file fetched from a covering camera when the alert
 * opened, or — `error` set, `url` null — a camera that could not be reached and why.
 */
export interface AlertMedia {
  id: string;
  alertId: string;
  /** The camera's device id. */
  camera: string;
  /** Where the camera is (its sites-file location), for the caption. */
  cameraLocation: PlaceView | null;
  kind: MediaKind;
  contentType: string | null;
  size: number | null;
  fetchedAt: string;
  error: string | null;
  /** A short-lived signed URL of the bytes (`/api/alerts/{id}/media/{mediaId}?expires=&sig=`), for `<img>`/`<video>`; null for an error. */
  url: string | null;
}

/** `GET /api/alerts/{id}/media`: oldest first. */
export interface AlertMediaAnswer {
  items: AlertMedia[];
}
