import type { Alert, TimelineItem } from './alerts';
import type { AlertAction } from './linkage';
import type { OrgLevel, PlaceView } from './common';

/**
 * 应急预案, responders and the incident report (处置报告), docs/alerting.md "Emergency plans":
 * the steps to take for an alert, who went to the scene, and the record kept afterwards.
 */

/** Whom a plan step pages: the school's contacts (值班领导) or the county's (县教育局安全办). */
export const PLAN_ROLES = ['duty_leader', 'county_safety_office'] as const;
export type PlanRole = (typeof PLAN_ROLES)[number];

/** What a plan step runs on the devices: `sirens` sounds the sirens of the alert's building (联动). */
export const PLAN_STEP_ACTIONS = ['sirens'] as const;
export type PlanStepAction = (typeof PLAN_STEP_ACTIONS)[number];

/** One step of the alert's plan and whether it is done (`GET /api/alerts/{id}/plan`). */
export interface PlanStepView {
  id: string;
  /** The step as the plan words it (zh-CN). */
  text: string;
  /** The English wording, when the plan gives one. */
  textEn: string | null;
  page: PlanRole | null;
  action: PlanStepAction | null;
  done: boolean;
  /** Username of who ticked it. */
  doneBy: string | null;
  doneAt: string | null;
  /** What ticking it ran: people paged, device commands sent (empty for a plain step). */
  outcome: PlanStepOutcome | null;
}

/** `no_contact`: the role has no contact in the sites file; `no_siren`: no siren in the building; `failed`: an error. */
export const PLAN_STEP_PROBLEMS = ['no_contact', 'no_siren', 'failed'] as const;
export type PlanStepProblem = (typeof PLAN_STEP_PROBLEMS)[number];

export interface PlanStepOutcome {
  /** Names of the contacts paged by SMS. */
  paged?: string[];
  /** Ids of the linkage actions started (their results are on the timeline). */
  actions?: string[];
  /** Why nothing (or not all) could be paged or run; `note` says it in words (English, for logs). */
  problem?: PlanStepProblem;
  note?: string;
}

/** The plan in force for an alert: the sites file's (for the school, else for every school) or the built-in one. */
export interface AlertPlan {
  /** `default:fire`, or the sites file's plan id. */
  planId: string;
  name: string;
  source: 'default' | 'sites_file';
  steps: PlanStepView[];
}

/** `GET /api/alerts/{id}/plan`: null `plan` when no plan covers the alert's type. */
export interface AlertPlanAnswer {
  plan: AlertPlan | null;
}

/** Where a dispatched person stands: 已派出 → 在路上 → 已到场 → 已处置. */
export const RESPONDER_STATES = ['dispatched', 'on_the_way', 'on_site', 'handled'] as const;
export type ResponderState = (typeof RESPONDER_STATES)[number];
/** What the person marks on the phone page. */
export const RESPONDER_MARKS = ['on_the_way', 'on_site', 'handled'] as const;
export type ResponderMark = (typeof RESPONDER_MARKS)[number];

/** Someone the guard may dispatch: a user of the school with a phone, or a contact of the school (sites file). */
export interface ResponderCandidate {
  /** `user:<username>` or `contact:<16 hex digits>`; what `POST /api/alerts/{id}/dispatches` takes as `person`. */
  id: string;
  name: string;
  /** The phone number with its middle digits hidden (`+86138****0001`). */
  phone: string;
}

/** A photo from the scene, with a signed short-lived URL. */
export interface ResponderPhoto {
  id: string;
  at: string;
  url: string;
}

/** One person sent to the scene of an alert. */
export interface Dispatch {
  id: string;
  alertId: string;
  person: string;
  name: string;
  /** Masked as in ResponderCandidate. */
  phone: string;
  state: ResponderState;
  dispatchedBy: string;
  dispatchedAt: string;
  onTheWayAt: string | null;
  onSiteAt: string | null;
  handledAt: string | null;
  photos: ResponderPhoto[];
}

/** `GET /api/alerts/{id}/dispatches`. */
export interface DispatchAnswer {
  items: Dispatch[];
  people: ResponderCandidate[];
}

/** `POST /api/alerts/{id}/dispatches`. */
export interface DispatchBody {
  person: string;
}

/** `GET /api/public/responders/{token}`: what the phone page `/r/{token}` shows (no login). */
export interface ResponderPage {
  name: string;
  state: ResponderState;
  alert: {
    type: string;
    schoolName: string | null;
    location: PlaceView | null;
    openedAt: string;
    status: Alert['status'];
  };
  /** Photos sent so far. */
  photos: number;
  /** When the link stops working: 24 h after the alert's resolution; null while it is unresolved. */
  expiresAt: string | null;
}

/**
 * A picture or clip that belongs in the incident report: responders' photos, and the alert's
 * camera snapshots and clips when alert media (视频复核) provides them.
 */
export interface IncidentMedia {
  kind: 'photo' | 'snapshot' | 'clip';
  url: string;
  at: string;
  /** Who or what took it: a responder's name, a camera id. */
  source: string;
}

/** A notification sent for the alert, as the report lists it. */
export interface IncidentNotification {
  at: string;
  level: OrgLevel;
  channel: string;
  to: string;
  name: string | null;
  status: string;
  attempt: number;
}

/** Someone who took part, and what they did. */
export interface IncidentPerson {
  /** Username or the contact's name. */
  who: string;
  /** acknowledged, resolved, plan_step, dispatched, responder. */
  roles: string[];
}

/** Seconds from the alert's opening; null when it did not happen. */
export interface IncidentDurations {
  /** To the acknowledgement. */
  acknowledgeSeconds: number | null;
  /** To the first 已到场 of a dispatched person. */
  arriveSeconds: number | null;
  /** To the first 已处置, else to the resolution. */
  handleSeconds: number | null;
}

/** `GET /api/alerts/{id}/report`: the 处置报告 of a resolved alert. */
export interface IncidentReport {
  alert: Alert;
  generatedAt: string;
  timeline: TimelineItem[];
  plan: AlertPlan | null;
  notifications: IncidentNotification[];
  actions: AlertAction[];
  dispatches: Dispatch[];
  media: IncidentMedia[];
  people: IncidentPerson[];
  durations: IncidentDurations;
}
