import type { HazardReport } from '../domain/hazard-report';

/** What the hazard report service calls when a report is submitted or triaged (docs/alerting.md "socket.io"). */
export interface HazardReportBroadcaster {
  broadcastHazardReport(report: HazardReport): void;
}

/** Injection token for the HazardReportBroadcaster (the RealtimeGateway). */
export const HAZARD_REPORT_BROADCASTER = Symbol('HAZARD_REPORT_BROADCASTER');
