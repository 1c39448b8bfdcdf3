import { api } from '../api';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type AlertStatus = 'open' | 'acknowledged' | 'resolved';
export const DISPOSITIONS = ['genuine', 'false_alarm', 'drill'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
export type RiskGrade = 'red' | 'orange' | 'yellow' | 'blue';
export type OrgLevel = 'school' | 'county' | 'city' | 'province';

export interface AlertLocation {
  building?: string;
  floor?: number;
  room?: string;
  use?: string;
}

/**
 * An alert as the API and socket.io give it (docs/alerting.md), with the additive fields of the
 * alert service and the enrichment of api-plan §A. Enrichment fields are optional here so the
 * console still works against a service that does not send them yet.
 */
export interface Alert {
  id: string;
  type: string;
  severity: Severity;
  status: AlertStatus;
  level: OrgLevel;
  school: string;
  county: string;
  city: string;
  province?: string;
  device: string | null;
  openedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  occurrences: number;
  acknowledgedBy?: string | null;
  resolvedBy?: string | null;
  disposition?: Disposition | null;
  note?: string | null;
  rule?: string;
  drill?: boolean;
  /** A one-key alarm's panic alert (re-sounded every 30 s until acknowledged). */
  panic?: boolean;
  lastOccurredAt?: string;
  detail?: Record<string, unknown>;
  schoolName?: string;
  countyName?: string;
  cityName?: string;
  deviceKind?: string | null;
  location?: AlertLocation | null;
  risk?: RiskGrade | null;
}

export type TimelineKind =
  | 'opened'
  | 'occurred'
  | 'notified'
  | 'notification_failed'
  | 'escalated'
  | 'reminded'
  | 'acknowledged'
  | 'resolved';

/** One step of an alert's history (docs/alerting.md). */
export interface TimelineItem {
  at: string;
  kind: TimelineKind | string;
  level?: OrgLevel;
  channel?: 'sms' | 'voice' | 'in_app' | string;
  to?: string;
  name?: string;
  result?: string;
  by?: string;
  note?: string;
  disposition?: Disposition;
  attempt?: number;
}

export interface TelemetryPoint {
  ts: string;
  value: number;
}

const path = (id: string) => `/api/alerts/${encodeURIComponent(id)}`;
/** The API refuses an empty note (zod min 1): send one only when there is text. */
const withNote = (note: string | undefined) => (note?.trim() ? { note: note.trim() } : {});

export const listAlerts = (status: AlertStatus) =>
  api<{ items: Alert[] }>('GET', `/api/alerts?status=${status}`).then((r) => r.items);
export const getAlert = (id: string) => api<Alert>('GET', path(id));
export const getTimeline = (id: string) =>
  api<{ items: TimelineItem[] }>('GET', `${path(id)}/timeline`).then((r) => r.items);
export const acknowledgeAlert = (id: string, note?: string) =>
  api<Alert>('POST', `${path(id)}/ack`, withNote(note));
export const resolveAlert = (id: string, disposition: Disposition, note?: string) =>
  api<Alert>('POST', `${path(id)}/resolve`, { disposition, ...withNote(note) });

/** docs/alerting.md telemetry of one device and metric between two instants. */
export const getTelemetry = (device: string, metric: string, from: Date, to: Date) => {
  const q = new URLSearchParams({ device, metric, from: from.toISOString(), to: to.toISOString() });
  return api<{ points: TelemetryPoint[] }>('GET', `/api/telemetry?${q}`).then((r) => r.points);
};
