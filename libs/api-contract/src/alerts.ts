import type { OrgLevel, PlaceView, RiskGrade, Severity } from './common';
import type { DeviceCommandName, DeviceKind } from './vocabulary';
import type { ActionParams, ActionResult } from './linkage';
import type { PlanStepOutcome } from './plans';

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const DISPOSITIONS = ['genuine', 'false_alarm', 'drill'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** An alert's own fields, as stored (docs/alerting.md). */
export interface AlertFields {
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
  /** Whether an all-clear may resolve it automatically (never for panic). Always set when read from the database. */
  autoResolvable?: boolean;
  /** The opening trigger's detail (readings, event payload). Always set when read from the database. */
  detail?: Record<string, unknown>;
  /** 视频复核: the id of the first stored camera snapshot (`GET /api/alerts/{id}/media`), null while there is none. */
  snapshot?: string | null;
}

/** What every Alert answered also carries from the sites file (null when unknown or without a device). */
export interface AlertSiteFields {
  schoolName: string | null;
  countyName: string | null;
  cityName: string | null;
  deviceKind: DeviceKind | null;
  location: PlaceView | null;
  /** The device's risk-point grade from the sites file. */
  risk: RiskGrade | null;
}

/** The Alert exactly as REST answers and socket.io `alert` events carry it (docs/alerting.md). */
export interface Alert extends AlertFields, AlertSiteFields {}

export const TIMELINE_KINDS = [
  'opened',
  'occurred',
  'notified',
  'notification_failed',
  'escalated',
  'reminded',
  'acknowledged',
  'resolved',
  'urged',
  // a command to a device (联动), with its result (docs/alerting.md, "Linkage")
  'action',
  // 应急预案: a plan step ticked; a person dispatched; a dispatched person's mark or photo (docs/alerting.md, "Emergency plans")
  'plan_step',
  'dispatched',
  'responder',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** Where a notification went: the paging channels and the dashboard itself. */
export type TimelineChannel = 'sms' | 'voice' | 'in_app';

/** One step of an alert's history (`GET /api/alerts/{id}/timeline`, docs/alerting.md). */
export interface TimelineItem {
  at: string;
  kind: TimelineKind;
  /** notified / notification_failed / escalated / reminded; urged: the official's level. */
  level?: OrgLevel;
  channel?: TimelineChannel;
  /** Phone number for notified items. */
  to?: string;
  /** Contact name. */
  name?: string;
  /**
   * Provider status (`queued`, `delivered`, `failed` …) or the error text; for `action` items one
   * of ACTION_RESULTS.
   */
  result?: string | ActionResult;
  /** Who acted (username) for acknowledged / resolved / urged (the official). */
  by?: string;
  note?: string;
  disposition?: Disposition;
  attempt?: number;
  /** `action` items: the action's id, the device, what it was asked, and why it failed. */
  action?: string;
  device?: string;
  deviceKind?: DeviceKind | null;
  command?: DeviceCommandName;
  params?: ActionParams;
  /** `action` items: the rule that ran it, absent when a person did. */
  rule?: string;
  /** `action` items: who confirmed an action awaiting confirmation. */
  confirmedBy?: string;
  error?: string;
  /** `plan_step` items: the step's id and text, and what ticking it ran. */
  step?: string;
  text?: string;
  outcome?: PlanStepOutcome;
  /** `dispatched` / `responder` items: the dispatch, the person's name, the state marked, a photo's id. */
  dispatch?: string;
  state?: string;
  photo?: string;
}

/** A delivery report's meaning, from the provider's status word (Twilio status callbacks). */
export type DeliveryOutcome = 'pending' | 'delivered' | 'failed';

/** `POST /api/alerts/{id}/ack` (the body may be absent). */
export interface AckBody {
  note?: string;
}

/** `POST /api/alerts/{id}/resolve`. */
export interface ResolveBody {
  disposition: Disposition;
  note?: string;
}

/** One reading of `GET /api/telemetry`. */
export interface TelemetryPoint {
  ts: string;
  value: number;
}

/** `GET /api/telemetry?device=&metric=&from=&to=`. */
export interface TelemetryAnswer {
  points: TelemetryPoint[];
}
