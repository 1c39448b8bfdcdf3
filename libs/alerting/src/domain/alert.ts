import type { OrgLevel, Severity } from '@campus/device-protocols';

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const DISPOSITIONS = ['genuine', 'false_alarm', 'drill'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** The Alert of docs/alerting.md, exactly as the API and socket.io send it (plus additive fields). */
export interface Alert {
  id: string;
  type: string;
  severity: Severity;
  status: AlertStatus;
  /** Highest level notified so far; `school` from the start. */
  level: OrgLevel;
  school: string;
  county: string;
  city: string;
  province: string;
  device: string | null;
  openedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  occurrences: number;
  /** Additive fields (docs/alerting.md: the API only ever adds fields). */
  acknowledgedBy: string | null;
  resolvedBy: string | null;
  disposition: Disposition | null;
  note: string | null;
  /** The rule that opened it (`default:smoke`, a sites-file rule id, `duty:patrol` …). */
  rule: string;
  /** True when the school or device was in drill mode (应急演练) at opening. */
  drill: boolean;
  /** A one-key alarm's panic alert: never resolved automatically, re-sounded until acknowledged. */
  panic: boolean;
  lastOccurredAt: string;
  /** Whether an all-clear (ClearTrigger) may resolve it automatically (never for panic). Stored; always set when read from the database. */
  autoResolvable?: boolean;
  /** The opening trigger's detail (readings, event payload). Always set when read from the database. */
  detail?: Record<string, unknown>;
}

export const TIMELINE_KINDS = [
  'opened',
  'occurred',
  'notified',
  'notification_failed',
  'escalated',
  'reminded',
  'acknowledged',
  'resolved',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** One step of an alert's history (docs/alerting.md timeline). */
export interface TimelineItem {
  at: string;
  kind: TimelineKind;
  /** notified / notification_failed / escalated / reminded. */
  level?: OrgLevel;
  channel?: 'sms' | 'voice' | 'in_app';
  /** Phone number for notified items. */
  to?: string;
  /** Contact name. */
  name?: string;
  /** Provider status (`queued`, `delivered`, `failed` …) or the error text. */
  result?: string;
  /** Who acted (username) for acknowledged / resolved. */
  by?: string;
  note?: string;
  disposition?: Disposition;
  attempt?: number;
}
