import { rejected, type DecodeRejection } from './decode-result';
import {
  readNullableBoolean,
  readNullableFiniteNumber,
  readNullableString,
  readNullableStringArray,
  readRequiredString,
} from './json-fields';
import { isJsonObject, quoteForDetail, wrongType, type JsonObject } from './json-shape';

export const FRIGATE_EVENT_TYPES = ['new', 'update', 'end'] as const;
export type FrigateEventType = (typeof FRIGATE_EVENT_TYPES)[number];

/** The fields of a Frigate tracked object (`before` / `after`) the decoder uses; the rest is ignored. */
export interface FrigateTrackedObject {
  /** `<start_time>-<rand6>`. */
  id: string | undefined;
  camera: string;
  label: string;
  score: number | undefined;
  topScore: number | undefined;
  /** Epoch seconds (float). */
  frameTime: number | undefined;
  startTime: number | undefined;
  falsePositive: boolean;
  currentZones: string[];
  enteredZones: string[];
}

/** A `frigate/events` message. */
export interface FrigateEventMessage {
  type: FrigateEventType;
  before: FrigateTrackedObject | undefined;
  after: FrigateTrackedObject;
}

export type ParsedFrigateEvent = { ok: true; message: FrigateEventMessage } | DecodeRejection;

/** Validates a parsed `frigate/events` payload (0.12 … 0.17 formats). */
export function parseFrigateEventMessage(value: unknown): ParsedFrigateEvent {
  if (!isJsonObject(value)) return wrongType('payload', 'a JSON object', value);
  const type = value['type'];
  if (typeof type !== 'string') return wrongType('type', '"new", "update" or "end"', type);
  if (!isFrigateEventType(type)) {
    return rejected('wrong_type', `type: expected "new", "update" or "end", got ${quoteForDetail(type)}`);
  }
  const after = readTrackedObject(value['after'], 'after');
  if (!after.ok) return after;
  let before: FrigateTrackedObject | undefined;
  if (value['before'] !== undefined && value['before'] !== null) {
    const parsed = readTrackedObject(value['before'], 'before');
    if (!parsed.ok) return parsed;
    before = parsed.object;
  }
  return { ok: true, message: { type, before, after: after.object } };
}

function isFrigateEventType(type: string): type is FrigateEventType {
  return (FRIGATE_EVENT_TYPES as readonly string[]).includes(type);
}

type ParsedTrackedObject = { ok: true; object: FrigateTrackedObject } | DecodeRejection;

function readTrackedObject(value: unknown, path: string): ParsedTrackedObject {
  if (!isJsonObject(value)) return wrongType(path, 'a tracked object', value);
  const object: JsonObject = value;
  const id = readNullableString(object, 'id', path);
  if (!id.ok) return id;
  const camera = readRequiredString(object, 'camera', path);
  if (!camera.ok) return camera;
  const label = readRequiredString(object, 'label', path);
  if (!label.ok) return label;
  const score = readNullableFiniteNumber(object, 'score', path);
  if (!score.ok) return score;
  const topScore = readNullableFiniteNumber(object, 'top_score', path);
  if (!topScore.ok) return topScore;
  const frameTime = readNullableFiniteNumber(object, 'frame_time', path);
  if (!frameTime.ok) return frameTime;
  const startTime = readNullableFiniteNumber(object, 'start_time', path);
  if (!startTime.ok) return startTime;
  const falsePositive = readNullableBoolean(object, 'false_positive', path);
  if (!falsePositive.ok) return falsePositive;
  const currentZones = readNullableStringArray(object, 'current_zones', path);
  if (!currentZones.ok) return currentZones;
  const enteredZones = readNullableStringArray(object, 'entered_zones', path);
  if (!enteredZones.ok) return enteredZones;
  return {
    ok: true,
    object: {
      id: id.value,
      camera: camera.value,
      label: label.value,
      score: score.value,
      topScore: topScore.value,
      frameTime: frameTime.value,
      startTime: startTime.value,
      falsePositive: falsePositive.value ?? false,
      currentZones: currentZones.value,
      enteredZones: enteredZones.value,
    },
  };
}
