import { computed, shallowRef } from 'vue';
import { listHazardReports, type HazardReport } from '../api/hazard-reports';
import { isWaiting, upsertReport } from '../views/hazard-reports/report-list';

/**
 * The hazard reports (人人参与) of the user's scope for the triage list and the nav badge: read once
 * when the shell starts, then kept live by the `hazardReport` socket.io event (docs/alerting.md
 * "socket.io"), which the live-alerts store's one connection hands in here.
 */
export const hazardReports = shallowRef<HazardReport[]>([]);
/** Reports waiting for triage (the nav badge). */
export const waitingReports = computed(() => hazardReports.value.filter(isWaiting).length);

let generation = 0;

/** Takes in one version of a report: from the socket, or an action's answer. */
export function applyHazardReport(report: HazardReport): void {
  hazardReports.value = upsertReport(hazardReports.value, report);
}

/** Reads the list again (on start, on reconnect, and from the screen's refresh). */
export async function reloadHazardReports(): Promise<void> {
  const started = generation;
  const items = await listHazardReports();
  if (started === generation) hazardReports.value = items;
}

/** Forgets everything (logout). */
export function resetHazardReports(): void {
  generation += 1;
  hazardReports.value = [];
}
