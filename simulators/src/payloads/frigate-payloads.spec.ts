import { describe, expect, it } from 'vitest';
import { sharedFixtureText } from '../testing/shared-fixture';
import { seededRng } from '../util/random';
import {
  encodeFrigateEvent,
  FrigateObjectTrack,
  frigateTime,
  type FrigateEventMessage,
  type FrigateObjectState,
} from './frigate-payloads';
import { pythonJsonDumps, type JsonValue } from './stable-json';

const START = 1_764_300_000.123456;

function lifecycle(label = 'person', zones = ['playground']): FrigateEventMessage[] {
  const track = new FrigateObjectTrack({
    camera: 'gate_north',
    label,
    zones,
    startTime: START,
    rng: seededRng(3),
  });
  return [
    track.begin(START + 0.8),
    track.update(START + 2.1),
    track.update(START + 3.4),
    track.end(START + 5),
  ];
}

const fixtureObject = (): Record<string, unknown> =>
  (JSON.parse(sharedFixtureText('frigate/events-update.json')) as { after: Record<string, unknown> }).after;

describe('Frigate event lifecycle', () => {
  it('goes new, update, update, end for one object id', () => {
    const messages = lifecycle();
    expect(messages.map((m) => m.type)).toEqual(['new', 'update', 'update', 'end']);
    const ids = new Set(messages.flatMap((m) => [m.before.id, m.after.id]));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^1764300000\.123456-[a-z0-9]{6}$/);
  });

  it('chains states: each before is the previous after', () => {
    const messages = lifecycle();
    for (let i = 1; i < messages.length; i++) expect(messages[i]?.before).toEqual(messages[i - 1]?.after);
  });

  it('keeps times in epoch seconds, scores in 0–1 with top_score the best so far, end_time only at the end', () => {
    const messages = lifecycle();
    let best = messages[0]?.before.top_score ?? 0;
    for (const { after, type } of messages) {
      expect(after.start_time).toBe(START);
      expect(after.frame_time).toBeGreaterThanOrEqual(START);
      expect(after.score).toBeGreaterThan(0);
      expect(after.score).toBeLessThanOrEqual(1);
      best = Math.max(best, after.score);
      expect(after.top_score).toBe(best);
      expect(after.false_positive).toBe(false);
      expect(after.end_time).toBe(type === 'end' ? after.frame_time : null);
    }
  });

  it('carries the fields of a real Frigate tracked object', () => {
    const [created] = lifecycle();
    const realKeys = Object.keys(fixtureObject()).filter(
      (key) => !key.includes('speed') && !key.startsWith('recognized') && key !== 'velocity_angle',
    );
    expect(Object.keys(created?.after ?? {})).toEqual(expect.arrayContaining(realKeys));
    expect(created?.after).toMatchObject({
      camera: 'gate_north',
      label: 'person',
      current_zones: ['playground'],
      entered_zones: ['playground'],
      has_snapshot: true,
    });
  });

  it('has a consistent box, area, ratio and region inside the frame', () => {
    for (const { after } of lifecycle('fire')) {
      const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = after.box;
      expect(after.area).toBe((x2 - x1) * (y2 - y1));
      expect(after.ratio).toBeCloseTo((x2 - x1) / (y2 - y1), 5);
      const [rx1 = 0, ry1 = 0, rx2 = 0, ry2 = 0] = after.region;
      expect(rx2 - rx1).toBe(ry2 - ry1);
      expect(rx1).toBeLessThanOrEqual(x1);
      expect(rx2).toBeGreaterThanOrEqual(Math.min(x2, 1280));
    }
  });

  it('accumulates entered_zones when the object moves on', () => {
    const track = new FrigateObjectTrack({
      camera: 'c',
      label: 'person',
      zones: ['walkway'],
      startTime: START,
      rng: seededRng(1),
    });
    track.begin(START + 1);
    const moved = track.update(START + 2, ['chemical_store']);
    expect(moved.after.current_zones).toEqual(['chemical_store']);
    expect(moved.after.entered_zones).toEqual(['walkway', 'chemical_store']);
  });
});

describe('Frigate wire format', () => {
  it("is Python json.dumps: ', ' and ': ' separators, key order before, after, type", () => {
    const [created] = lifecycle();
    const wire = encodeFrigateEvent(created as FrigateEventMessage);
    expect(wire.startsWith('{"before": {"id": ')).toBe(true);
    expect(wire.endsWith('"type": "new"}')).toBe(true);
    expect(JSON.parse(wire)).toEqual(created);
  });

  it('reproduces the derived wire fixture byte for byte', () => {
    const message = JSON.parse(sharedFixtureText('frigate/events-update.json')) as {
      type: string;
      before: FrigateObjectState;
      after: FrigateObjectState;
    };
    const reordered = { before: message.before, after: message.after, type: message.type } as JsonValue;
    expect(pythonJsonDumps(reordered)).toBe(
      sharedFixtureText('frigate/events-update.wire.derived.json').trimEnd(),
    );
  });

  it('escapes non-ASCII like ensure_ascii', () => {
    expect(pythonJsonDumps({ camera: '大门' })).toBe('{"camera": "\\u5927\\u95e8"}');
  });

  it('frigateTime keeps microseconds', () => {
    const t = frigateTime(1_764_300_000_123, seededRng(9));
    expect(t).toBeGreaterThanOrEqual(1_764_300_000.123);
    expect(t).toBeLessThan(1_764_300_000.124);
    expect(String(t).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(6);
  });
});
