import type { AlertFields } from '@campus/api-contract';

export {
  ALERT_STATUSES,
  DISPOSITIONS,
  TIMELINE_KINDS,
  type AlertStatus,
  type Disposition,
  type TimelineItem,
  type TimelineKind,
} from '@campus/api-contract';

/**
 * The Alert of docs/alerting.md as stored, and as the API and socket.io send it before the
 * sites-file fields are added (alert-view.ts): the wire type's own fields, from libs/api-contract.
 */
export type Alert = AlertFields;
