import type { IncidentMedia } from '@campus/api-contract';
import type { Alert } from '../domain/alert';

/**
 * The alert's camera snapshots and clips (视频复核) for the incident report: MediaService provides
 * this under INCIDENT_MEDIA_SOURCE, and the report lists them after the responders' photos. URLs must work in `<img src>` (signed, short-lived).
 * Absent: the report holds the responders' photos only.
 */
export interface IncidentMediaSource {
  mediaFor(alert: Alert): Promise<IncidentMedia[]>;
}

/** Nest token of the IncidentMediaSource (optional). */
export const INCIDENT_MEDIA_SOURCE = Symbol('INCIDENT_MEDIA_SOURCE');
