import { between, randomId, roundTo, type Rng } from '../util/random';
import { pythonJsonDumps } from './stable-json';

/**
 * Frigate `{prefix}/events` messages (fixtures: shared/fixtures/devices/frigate): one tracked
 * object's lifecycle is `new`, some `update`s, then `end`; `before`/`after` are its state around
 * the change. Times are epoch seconds with microseconds.
 */
export type FrigateEventType = 'new' | 'update' | 'end';

export type FrigateSnapshot = {
  frame_time: number;
  box: number[];
  area: number;
  region: number[];
  score: number;
  attributes: string[];
};

export type FrigateObjectState = {
  id: string;
  camera: string;
  frame_time: number;
  snapshot: FrigateSnapshot | null;
  label: string;
  sub_label: null;
  top_score: number;
  false_positive: boolean;
  start_time: number;
  end_time: number | null;
  score: number;
  box: number[];
  area: number;
  ratio: number;
  region: number[];
  current_zones: string[];
  entered_zones: string[];
  thumbnail: null;
  has_snapshot: boolean;
  has_clip: boolean;
  active: boolean;
  stationary: boolean;
  motionless_count: number;
  position_changes: number;
  attributes: Record<string, number>;
  current_attributes: string[];
};

/** Key order as Frigate's `object_processing.py` builds the dict: before, after, type. */
export type FrigateEventMessage = {
  before: FrigateObjectState;
  after: FrigateObjectState;
  type: FrigateEventType;
};

export const frigateEventsTopic = (base: string): string => `${base}/events`;
export const frigateAvailableTopic = (base: string): string => `${base}/available`;

export function encodeFrigateEvent(message: FrigateEventMessage): string {
  return pythonJsonDumps(message);
}

/** Epoch ms → Frigate's epoch seconds (float, microsecond digits). */
export function frigateTime(epochMs: number, rng: Rng): number {
  return roundTo(epochMs / 1000 + rng() * 0.000999, 6);
}

const FRAME = { width: 1280, height: 720 };
const MIN_REGION = 320;

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface TrackOptions {
  camera: string;
  label: string;
  /** Zones the object is in from its first message on. */
  zones: string[];
  /** Epoch seconds (see `frigateTime`). */
  startTime: number;
  rng: Rng;
}

/** One tracked object on one camera; each call returns the message Frigate would publish for it. */
export class FrigateObjectTrack {
  private state: FrigateObjectState;
  private box: Box;
  private readonly rng: Rng;

  constructor(options: TrackOptions) {
    this.rng = options.rng;
    this.box = initialBox(options.label, this.rng);
    const score = this.nextScore(options.label);
    this.state = {
      id: `${options.startTime}-${randomId(this.rng, 6)}`,
      camera: options.camera,
      frame_time: options.startTime,
      snapshot: null,
      label: options.label,
      sub_label: null,
      top_score: score,
      false_positive: false,
      start_time: options.startTime,
      end_time: null,
      score,
      ...boxFields(this.box),
      current_zones: [...options.zones],
      entered_zones: [...options.zones],
      thumbnail: null,
      has_snapshot: true,
      has_clip: true,
      active: true,
      stationary: false,
      motionless_count: 0,
      position_changes: 1,
      attributes: {},
      current_attributes: [],
    };
    this.state.snapshot = snapshotOf(this.state);
  }

  get id(): string {
    return this.state.id;
  }

  /** The first message, once Frigate no longer considers the object a false positive. */
  begin(frameTime: number): FrigateEventMessage {
    return this.advance('new', frameTime, {});
  }

  /** A later frame: the object moved (and may have changed zones). */
  update(frameTime: number, zones?: string[]): FrigateEventMessage {
    return this.advance('update', frameTime, { zones });
  }

  /** The object is gone. */
  end(frameTime: number): FrigateEventMessage {
    return this.advance('end', frameTime, { ended: true });
  }

  private advance(
    type: FrigateEventType,
    frameTime: number,
    change: { zones?: string[]; ended?: boolean },
  ): FrigateEventMessage {
    const before = this.state;
    if (!change.ended) this.box = moveBox(this.box, before.label, this.rng);
    const score = change.ended ? before.score : this.nextScore(before.label);
    const zones = change.zones ?? before.current_zones;
    const after: FrigateObjectState = {
      ...before,
      frame_time: frameTime,
      score,
      top_score: Math.max(before.top_score, score),
      ...boxFields(this.box),
      current_zones: [...zones],
      entered_zones: [...new Set([...before.entered_zones, ...zones])],
      end_time: change.ended ? frameTime : null,
      active: !change.ended,
    };
    after.snapshot =
      score >= before.top_score || before.snapshot === null ? snapshotOf(after) : before.snapshot;
    this.state = after;
    return { before, after, type };
  }

  private nextScore(label: string): number {
    const [low, high] = label === 'person' ? [0.72, 0.96] : [0.62, 0.9];
    // Frigate scores are float32 detector outputs: multiples of 1/256 are typical.
    return Math.round(between(this.rng, low, high) * 256) / 256;
  }
}

function initialBox(label: string, rng: Rng): Box {
  const width = label === 'person' ? between(rng, 60, 140) : between(rng, 120, 320);
  const height = label === 'person' ? width * between(rng, 1.8, 2.6) : width * between(rng, 0.6, 1.2);
  const x1 = between(rng, 0, FRAME.width - width);
  const y1 = between(rng, 0, FRAME.height - height);
  return { x1, y1, x2: x1 + width, y2: y1 + height };
}

function moveBox(box: Box, label: string, rng: Rng): Box {
  // People walk across the frame; flames and smoke grow in place.
  const dx = label === 'person' ? between(rng, -40, 40) : 0;
  const grow = label === 'person' ? 0 : between(rng, 5, 25);
  const x1 = clamp(box.x1 + dx - grow, 0, FRAME.width - 1);
  const y1 = clamp(box.y1 - grow, 0, FRAME.height - 1);
  const x2 = clamp(box.x2 + dx + grow, x1 + 1, FRAME.width);
  const y2 = clamp(box.y2 + grow / 2, y1 + 1, FRAME.height);
  return { x1, y1, x2, y2 };
}

function boxFields(box: Box): Pick<FrigateObjectState, 'box' | 'area' | 'ratio' | 'region'> {
  const rounded = [box.x1, box.y1, box.x2, box.y2].map(Math.round) as [number, number, number, number];
  const [x1, y1, x2, y2] = rounded;
  const width = x2 - x1;
  const height = y2 - y1;
  return {
    box: rounded,
    area: width * height,
    ratio: roundTo(width / height, 6),
    region: regionAround(rounded),
  };
}

/** The square detector region Frigate crops around a box. */
function regionAround([x1, y1, x2, y2]: [number, number, number, number]): number[] {
  const side = Math.min(FRAME.height, Math.max(MIN_REGION, Math.round(Math.max(x2 - x1, y2 - y1) * 1.5)));
  const left = clamp(Math.round((x1 + x2) / 2 - side / 2), 0, FRAME.width - side);
  const top = clamp(Math.round((y1 + y2) / 2 - side / 2), 0, FRAME.height - side);
  return [left, top, left + side, top + side];
}

function snapshotOf(state: FrigateObjectState): FrigateSnapshot {
  return {
    frame_time: state.frame_time,
    box: state.box,
    area: state.area,
    region: state.region,
    score: state.score,
    attributes: [],
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
