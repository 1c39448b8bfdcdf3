/**
 * Which telemetry to show around an alert: the metrics a device kind reports (what the simulators
 * and vendor decoders send; the first is the one that tells most about an alarm of that kind) and
 * the time window, 30 minutes either side of the opening, cut at now. Pure.
 */
const METRICS_BY_KIND: Record<string, string[]> = {
  heat_detector: ['temperature', 'battery'],
  temperature_sensor: ['temperature', 'humidity', 'battery'],
  smoke_detector: ['smoke_obscuration', 'temperature', 'battery'],
  gas_detector: ['gas_ppm', 'concentration', 'battery'],
  water_leak: ['water_leak', 'battery'],
  door_contact: ['contact', 'battery'],
  access_control: ['contact'],
  one_key_alarm: ['battery'],
  patrol_checkpoint: ['battery'],
  camera: ['fps'],
};

/** Candidate metrics of a device kind, best first; battery for kinds we know nothing about. */
export function metricsFor(kind: string | null | undefined): string[] {
  return (kind && METRICS_BY_KIND[kind]) || ['battery', 'temperature'];
}

export const WINDOW_MS = 30 * 60_000;

/** openedAt − 30 min … min(openedAt + 30 min, now); never empty (a clock behind the server's). */
export function telemetryWindow(openedAt: string, now: number): { from: Date; to: Date; endsNow: boolean } {
  const opened = Date.parse(openedAt);
  const from = opened - WINDOW_MS;
  const end = opened + WINDOW_MS;
  const to = Math.max(Math.min(end, now), from + 60_000);
  return { from: new Date(from), to: new Date(to), endsNow: end > now };
}
