import type {
  AckBody,
  Alert,
  AlertAction,
  AlertMediaAnswer,
  LinkageAnswer,
  RunActionBody,
  AlertStatus,
  Disposition,
  ItemList,
  ResolveBody,
  TelemetryAnswer,
  TimelineItem,
} from '@campus/api-contract';
import { api } from './http';

// The wire types are libs/api-contract's, shared with the backend (docs/alerting.md).
export {
  ACTION_RESULTS,
  DISPOSITIONS,
  type ActionParams,
  type ActionResult,
  type AlertAction,
  type AlertMedia,
  type DeviceCommandName,
  type LinkageAnswer,
  type LinkageDevice,
  type RunActionBody,
  SEVERITIES,
  type Alert,
  type AlertStatus,
  type Disposition,
  type OrgLevel,
  type PlaceView as AlertLocation,
  type RiskGrade,
  type Severity,
  type TelemetryPoint,
  type TimelineItem,
  type TimelineKind,
} from '@campus/api-contract';

const path = (id: string) => `/api/alerts/${encodeURIComponent(id)}`;
/** The API refuses an empty note (zod min 1): send one only when there is text. */
const withNote = (note: string | undefined): AckBody => (note?.trim() ? { note: note.trim() } : {});

export const listAlerts = (status: AlertStatus) =>
  api<ItemList<Alert>>('GET', `/api/alerts?status=${status}`).then((r) => r.items);
export const getAlert = (id: string) => api<Alert>('GET', path(id));
export const getTimeline = (id: string) =>
  api<ItemList<TimelineItem>>('GET', `${path(id)}/timeline`).then((r) => r.items);
export const acknowledgeAlert = (id: string, note?: string) =>
  api<Alert>('POST', `${path(id)}/ack`, withNote(note));
export const resolveAlert = (id: string, disposition: Disposition, note?: string) =>
  api<Alert>('POST', `${path(id)}/resolve`, { disposition, ...withNote(note) } satisfies ResolveBody);

/** docs/alerting.md telemetry of one device and metric between two instants. */
export const getTelemetry = (device: string, metric: string, from: Date, to: Date) => {
  const q = new URLSearchParams({ device, metric, from: from.toISOString(), to: to.toISOString() });
  return api<TelemetryAnswer>('GET', `/api/telemetry?${q}`).then((r) => r.points);
};

/** 联动 (docs/alerting.md "Linkage"): the alert's commands to devices and the devices that can act. */
export const getLinkage = (id: string) => api<LinkageAnswer>('GET', `${path(id)}/actions`);
export const runAction = (id: string, body: RunActionBody) =>
  api<AlertAction>('POST', `${path(id)}/actions`, body);
export const confirmAction = (id: string, actionId: string) =>
  api<AlertAction>('POST', `${path(id)}/actions/${encodeURIComponent(actionId)}/confirm`);

/** 视频复核 (docs/alerting.md): the covering cameras' pictures, clips and notes, with signed URLs. */
export const getAlertMedia = (id: string) =>
  api<AlertMediaAnswer>('GET', `${path(id)}/media`).then((r) => r.items);
