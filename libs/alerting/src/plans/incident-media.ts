import type { IncidentMedia } from '@campus/api-contract';
import type { Alert } from '../domain/alert';

/**
 * THE HOOK for alert media (视频复核, issue #14 point 3, built in parallel): whatever stores an
 * alert's camera snapshots and clips provides this under INCIDENT_MEDIA_SOURCE, and the incident
 * report lists them after the responders' photos. URLs must work in `<img src>` (signed, short-lived).
 * Absent: the report holds the responders' photos only.
 */
export interface IncidentMediaSource {
  mediaFor(alert: Alert): Promise<IncidentMedia[]>;
}

/** Nest token of the IncidentMediaSource (optional). */
export const INCIDENT_MEDIA_SOURCE = Symbol('INCIDENT_MEDIA_SOURCE');
