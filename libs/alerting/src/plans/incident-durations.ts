import type { IncidentDurations } from '@campus/api-contract';

export interface DurationFacts {
  openedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  /** Each dispatched person's marks. */
  dispatches: readonly { onSiteAt: string | null; handledAt: string | null }[];
}

const seconds = (from: string, to: string | null | undefined): number | null =>
  to === null || to === undefined ? null : Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

const earliest = (values: readonly (string | null)[]): string | null =>
  values.reduce<string | null>(
    (min, v) => (v === null ? min : min === null || Date.parse(v) < Date.parse(min) ? v : min),
    null,
  );

/**
 * The three response times of one alert, in seconds from its opening (docs/alerting.md "Incident
 * report"): to the acknowledgement; to the first 已到场 of anyone dispatched; to the first 已处置,
 * else to the resolution. A time before the opening (a device clock ahead) counts as 0. The
 * reports' SQL (response-time-repository.ts) computes the same per alert.
 */
export function incidentDurations(f: DurationFacts): IncidentDurations {
  const handled = earliest(f.dispatches.map((d) => d.handledAt));
  return {
    acknowledgeSeconds: seconds(f.openedAt, f.acknowledgedAt),
    arriveSeconds: seconds(f.openedAt, earliest(f.dispatches.map((d) => d.onSiteAt))),
    handleSeconds: seconds(f.openedAt, handled ?? f.resolvedAt),
  };
}
