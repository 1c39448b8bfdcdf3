import type { Device } from '../model/device';
import type { DeviceEvent } from '../model/messages';
import type { DecodeContext } from './decode-context';
import type { FrigateEventMessage, FrigateTrackedObject } from './frigate-event-message';
import { epochSecondsToMs, isPlausibleTimestamp } from './timestamp';

/** Frigate labels that open an event of their own on `new`, whatever the zone or hour. */
const HAZARD_LABELS: ReadonlyMap<string, string> = new Map([
  ['fire', 'fire'],
  ['smoke', 'smoke'],
]);
const PERSON_LABEL = 'person';

/**
 * The events one `frigate/events` message opens for `camera` (docs/protocol.md):
 * - `new`: `fire` / `smoke` labels → that event; `person` → `intrusion` when in a restricted zone
 *   of the camera, or when the school is closed at that moment;
 * - `update`: `intrusion` only when the person has newly entered a restricted zone (in
 *   `after.entered_zones`, not in `before.entered_zones`), so a zone opens at most one event per object;
 * - `end`, and false positives: nothing.
 * Frigate's `before` is the object as last published, so the zone difference is exact.
 */
export function frigateEventsFor(
  message: FrigateEventMessage,
  camera: Device,
  ctx: DecodeContext,
): DeviceEvent[] {
  const { after } = message;
  if (message.type === 'end' || after.falsePositive) return [];
  const ts = frigateObjectTime(after, ctx.now);
  const restricted = new Set(camera.restrictedZones ?? []);
  const event = (type: string, extra: Record<string, unknown> = {}): DeviceEvent => ({
    kind: 'event',
    device: camera.id,
    ts,
    type,
    data: { ...frigateEventData(after), ...extra },
  });

  if (message.type === 'new') {
    const hazard = HAZARD_LABELS.get(after.label);
    if (hazard) return [event(hazard)];
    if (after.label !== PERSON_LABEL) return [];
    const inRestricted = unique([...after.currentZones, ...after.enteredZones]).filter((z) =>
      restricted.has(z),
    );
    if (inRestricted.length > 0)
      return [event('intrusion', { reason: 'restricted_zone', restrictedZones: inRestricted })];
    if (!ctx.isSchoolOpen(camera.org.school, ts))
      return [event('intrusion', { reason: 'outside_school_hours' })];
    return [];
  }

  if (after.label !== PERSON_LABEL) return [];
  const enteredBefore = new Set(message.before?.enteredZones ?? []);
  const newlyEntered = unique(after.enteredZones).filter((z) => restricted.has(z) && !enteredBefore.has(z));
  if (newlyEntered.length === 0) return [];
  return [event('intrusion', { reason: 'restricted_zone', restrictedZones: newlyEntered })];
}

/** `frame_time`, else `start_time` (epoch seconds), when plausible; else the gateway's receive time. */
export function frigateObjectTime(object: FrigateTrackedObject, now: number): number {
  for (const seconds of [object.frameTime, object.startTime]) {
    if (seconds === undefined) continue;
    const ts = epochSecondsToMs(seconds);
    if (isPlausibleTimestamp(ts, now)) return ts;
  }
  return now;
}

function frigateEventData(object: FrigateTrackedObject): Record<string, unknown> {
  return {
    source: 'frigate',
    frigateId: object.id ?? null,
    camera: object.camera,
    label: object.label,
    score: object.score ?? null,
    topScore: object.topScore ?? null,
    zones: object.currentZones,
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
