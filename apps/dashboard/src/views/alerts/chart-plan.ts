/**
 * What the alert detail charts and how (docs/user-guide.md, "Alert detail"): the metric that
 * triggered the alert first, with its unit on the axis and in the tooltip; for event alarms the
 * device's recent events instead of a battery line; the 告警 and 确认 markers labelled apart. Pure.
 */

/** Alarms raised by an event, not a reading: their story is the device's events, not a curve. */
const EVENT_ALARMS = new Set([
  'smoke',
  'fire',
  'sos',
  'panic',
  'intrusion',
  'door_forced',
  'door_forced_repeated',
  'fight',
  'crowd',
  'fall',
  'climbing',
  'loitering',
  'tamper',
]);

export function isEventAlarm(type: string): boolean {
  return EVENT_ALARMS.has(type);
}

/** The metric an alert type is about, when it is about one. */
const METRIC_OF_TYPE: Record<string, string> = {
  heat: 'temperature',
  temperature_rise: 'temperature',
  gas: 'gas_ppm',
  smoke: 'smoke_obscuration',
  water_leak: 'water_leak',
  low_battery: 'battery',
  door_held_open: 'contact',
};

/**
 * The candidate metrics in the order to show them: the one that triggered the alert (a threshold
 * rule's `detail.metric`, else the type's own) first, then the kind's others.
 */
export function orderedMetrics(
  candidates: readonly string[],
  alert: { type: string; detail?: Readonly<Record<string, unknown>> },
): string[] {
  const fromDetail = alert.detail?.['metric'];
  const first = typeof fromDetail === 'string' ? fromDetail : METRIC_OF_TYPE[alert.type];
  if (!first) return [...candidates];
  return [first, ...candidates.filter((m) => m !== first)];
}

/** The unit a metric's values are in ('' for counts and states). */
const UNITS: Record<string, string> = {
  temperature: '°C',
  humidity: '%',
  battery: '%',
  smoke_obscuration: '%/m',
  gas_ppm: 'ppm',
  concentration: 'ppm',
  co2: 'ppm',
  fps: 'fps',
};

export function metricUnit(metric: string): string {
  return UNITS[metric] ?? '';
}

/** `26.5 °C`, `90%`, `3` — the value as the tooltip shows it. */
export function formatReading(value: number, metric: string): string {
  const unit = metricUnit(metric);
  const v = Number.isInteger(value) ? String(value) : value.toFixed(1);
  if (!unit) return v;
  return unit === '%' ? `${v}%` : `${v} ${unit}`;
}

export type MarkLabelPosition = 'end' | 'start' | 'insideEndTop' | 'insideStartTop';

/**
 * Where the 告警 and 确认 labels go on their vertical lines: both at the top when they are far
 * apart, else 告警 at the top and 确认 at the bottom, so the two never overlap.
 * `minGapPx`: the room one label needs.
 */
export function markLabelPositions(
  alertAt: number,
  ackAt: number | null,
  window: { from: number; to: number },
  widthPx: number,
  minGapPx = 56,
): { alert: MarkLabelPosition; ack: MarkLabelPosition | null } {
  if (ackAt === null) return { alert: 'end', ack: null };
  const span = Math.max(1, window.to - window.from);
  const gapPx = (Math.abs(ackAt - alertAt) / span) * widthPx;
  return gapPx >= minGapPx ? { alert: 'end', ack: 'end' } : { alert: 'end', ack: 'start' };
}

export interface DeviceEvent {
  at: string;
  type: string;
  /** The alert it belongs to, to open it. */
  alertId: string;
}

/**
 * The device's recent events, newest first, at most `limit`: the alerts it raised and every
 * repeat of the one shown (its `occurred` timeline items).
 */
export function recentEvents(
  alerts: readonly { id: string; device: string | null; type: string; openedAt: string }[],
  shown: { id: string; device: string | null; type: string },
  repeats: readonly { at: string }[],
  limit = 10,
): DeviceEvent[] {
  const events: DeviceEvent[] = alerts
    .filter((a) => a.device !== null && a.device === shown.device)
    .map((a) => ({ at: a.openedAt, type: a.type, alertId: a.id }));
  for (const r of repeats) events.push({ at: r.at, type: shown.type, alertId: shown.id });
  const seen = new Set<string>();
  return events
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
    .filter((e) => {
      const key = `${e.alertId}@${e.at}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, limit);
}
