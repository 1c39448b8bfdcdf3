import type { Sites, UplinkMessage } from '@campus/device-protocols';
import { RuleEngine } from './rule-engine';
import { matchesDevice } from './rule-match';
import type { RuleDefinition } from './rule-types';

/** One stored reading of one metric (the time-series store keeps one row per metric). */
export interface ReplayReading {
  ts: number;
  device: string;
  metric: string;
  value: number;
}

/** One stored device event. */
export interface ReplayEvent {
  ts: number;
  device: string;
  type: string;
  data: Record<string, unknown>;
}

export interface ReplayResult {
  wouldHaveOpened: number;
  perSchool: { school: string; name: string; count: number }[];
}

/**
 * The kinds a replay of stored readings and events answers for. Absence and offline rules judge
 * silence (all traffic, availability), which the store does not replay; the dormitory audit reads
 * the configuration, not history.
 */
export const REPLAYABLE_KINDS: readonly RuleDefinition['kind'][] = [
  'threshold',
  'rate_of_rise',
  'event',
  'count_window',
  'duty_patrol',
];

/** How often the replay ticks the engine between messages (holds, silences, windows). */
export const REPLAY_TICK_MS = 60_000;

/** The devices a rule looks at (its match's kinds, devices and schools): what the replay reads. */
export function devicesInScope(rule: RuleDefinition, sites: Sites): string[] {
  return sites.devices
    .filter((d) => matchesDevice(rule.match, { device: d.id, deviceKind: d.kind, org: d.org }))
    .map((d) => d.id);
}

/**
 * What one rule would have opened over stored history (the rules preview, docs/alerting.md): the
 * readings and events are replayed in time order through the rule engine itself — the rule alone,
 * started at `from`, ticked every minute between messages — and its alert triggers deduplicated
 * by key as the alert service does: a trigger opens an alert unless one with its key is open; the
 * rule's clear closes it. An alert that does not clear itself stays open to the end (it would wait
 * for a person), so it counts once. Messages are replayed at their own time (the store's `ts`).
 */
export function replayRule(
  rule: RuleDefinition,
  sites: Sites,
  history: { readings: readonly ReplayReading[]; events: readonly ReplayEvent[]; from: number; to: number },
): ReplayResult {
  const messages = toMessages(sites, history.readings, history.events);
  const engine = new RuleEngine(sites, [rule], { startedAt: history.from });
  const open = new Set<string>();
  const counts = new Map<string, number>();
  const handle = (triggers: ReturnType<RuleEngine['tick']>): void => {
    for (const t of triggers) {
      if (t.kind === 'clear') open.delete(t.key);
      else if (t.kind === 'alert' && !open.has(t.key)) {
        open.add(t.key);
        counts.set(t.org.school, (counts.get(t.org.school) ?? 0) + 1);
      }
    }
  };
  let nextTick = history.from + REPLAY_TICK_MS;
  const tickUntil = (until: number): void => {
    while (nextTick <= until) {
      handle(engine.tick(nextTick));
      nextTick += REPLAY_TICK_MS;
    }
  };
  for (const msg of messages) {
    if (msg.ts < history.from || msg.ts > history.to) continue;
    tickUntil(msg.ts);
    handle(engine.onMessage(msg, msg.ts));
  }
  tickUntil(history.to);
  const perSchool = [...counts]
    .map(([school, count]) => ({ school, name: sites.schoolByCode.get(school)?.name ?? school, count }))
    .sort((a, b) => b.count - a.count || a.school.localeCompare(b.school));
  return { wouldHaveOpened: perSchool.reduce((n, s) => n + s.count, 0), perSchool };
}

/** Stored rows → uplink messages in time order; the metrics of one device at one instant make one reading. */
function toMessages(
  sites: Sites,
  readings: readonly ReplayReading[],
  events: readonly ReplayEvent[],
): UplinkMessage[] {
  const out: UplinkMessage[] = [];
  const byInstant = new Map<string, UplinkMessage & { kind: 'reading' }>();
  for (const r of readings) {
    const device = sites.deviceById.get(r.device);
    if (device === undefined) continue;
    const key = `${r.device}@${r.ts}`;
    let msg = byInstant.get(key);
    if (msg === undefined) {
      msg = {
        v: 1,
        kind: 'reading',
        device: r.device,
        ts: r.ts,
        metrics: {},
        org: device.org,
        deviceKind: device.kind,
      };
      byInstant.set(key, msg);
      out.push(msg);
    }
    msg.metrics[r.metric] = r.value;
  }
  for (const e of events) {
    const device = sites.deviceById.get(e.device);
    if (device === undefined) continue;
    out.push({
      v: 1,
      kind: 'event',
      device: e.device,
      ts: e.ts,
      type: e.type,
      data: e.data,
      org: device.org,
      deviceKind: device.kind,
    });
  }
  return out.sort((a, b) => a.ts - b.ts);
}
