/**
 * What the alarm sound should play, and when: pure rules, no audio and no timers here (the sound
 * store asks `decideSounds` after every change and at the `nextCheckAt` it returns).
 *
 * - A critical open alert sounds once when it first appears, and again when it is triggered
 *   again (its `occurrences` grow).
 * - A one-key alarm (panic: the alert says so, or an `sos`/`panic` type, or a critical alert of a
 *   `one_key_alarm` device) sounds its own pattern and again every `repeatMs` (30 s, docs/alerting.md,
 *   GB 50394) until someone acknowledges it.
 * - A high open alert gives one soft chime (a gas leak at night must not go unheard).
 * - Acknowledged, resolved, medium and low alerts are silent.
 * - Alerts due at the same moment make one sound, the most urgent pattern, not a cacophony.
 *
 * The memory only records what was actually played, so alarms that arrived while the sound was
 * off or blocked by the browser sound as soon as it is on.
 */

export const SOUND_PATTERNS = ['sos', 'critical', 'high'] as const;
export type SoundPattern = (typeof SOUND_PATTERNS)[number];

/** One-key alarms sound again this often until acknowledged (docs/alerting.md). */
export const PANIC_REPEAT_MS = 30_000;

/** The parts of an alert the rules look at. */
export interface SoundAlert {
  id: string;
  type: string;
  severity: string;
  status: string;
  occurrences: number;
  openedAt: string;
  panic?: boolean;
  deviceKind?: string | null;
}

export interface Sounded {
  /** When it last sounded (epoch ms). */
  at: number;
  /** Its occurrences then. */
  occurrences: number;
}

export type SoundMemory = ReadonlyMap<string, Sounded>;

export interface SoundDecision {
  /** What to play now, or null. `alertId` is the alert whose pattern it is. */
  play: { pattern: SoundPattern; alertId: string } | null;
  /** The memory to keep if (and only if) the play happened. */
  memory: Map<string, Sounded>;
  /** When to ask again even if nothing changes (the next panic repeat), or null. */
  nextCheckAt: number | null;
}

const PANIC_TYPES = new Set(['sos', 'panic']);

/** Whether the alert is a one-key (panic) alarm. */
export function isPanic(alert: SoundAlert): boolean {
  return (
    alert.panic === true ||
    PANIC_TYPES.has(alert.type) ||
    (alert.deviceKind === 'one_key_alarm' && alert.severity === 'critical')
  );
}

/** The pattern an alert sounds while it is as it is now, or null when it is silent. */
export function soundPatternOf(alert: SoundAlert): SoundPattern | null {
  if (alert.status !== 'open') return null;
  if (isPanic(alert)) return 'sos';
  if (alert.severity === 'critical') return 'critical';
  if (alert.severity === 'high') return 'high';
  return null;
}

const URGENCY: Record<SoundPattern, number> = { sos: 3, critical: 2, high: 1 };

function isDue(
  alert: SoundAlert,
  pattern: SoundPattern,
  last: Sounded | undefined,
  now: number,
  repeatMs: number,
) {
  if (last === undefined) return true;
  if (pattern !== 'high' && alert.occurrences > last.occurrences) return true;
  return pattern === 'sos' && now - last.at >= repeatMs;
}

/** See the module comment. `now` is epoch ms. */
export function decideSounds(
  alerts: readonly SoundAlert[],
  memory: SoundMemory,
  now: number,
  repeatMs: number = PANIC_REPEAT_MS,
): SoundDecision {
  const next = new Map<string, Sounded>();
  let chosen: { pattern: SoundPattern; alert: SoundAlert } | null = null;
  const due: SoundAlert[] = [];
  for (const alert of alerts) {
    const last = memory.get(alert.id);
    // Only alerts still listed are remembered: a resolved one leaves the memory.
    if (last) next.set(alert.id, last);
    const pattern = soundPatternOf(alert);
    if (pattern === null || !isDue(alert, pattern, last, now, repeatMs)) continue;
    due.push(alert);
    const better =
      chosen === null ||
      URGENCY[pattern] > URGENCY[chosen.pattern] ||
      (URGENCY[pattern] === URGENCY[chosen.pattern] &&
        Date.parse(alert.openedAt) > Date.parse(chosen.alert.openedAt));
    if (better) chosen = { pattern, alert };
  }
  for (const alert of due) next.set(alert.id, { at: now, occurrences: alert.occurrences });

  let nextCheckAt: number | null = null;
  for (const alert of alerts) {
    if (soundPatternOf(alert) !== 'sos') continue;
    const last = next.get(alert.id);
    if (last === undefined) continue;
    const at = last.at + repeatMs;
    if (nextCheckAt === null || at < nextCheckAt) nextCheckAt = at;
  }
  return {
    play: chosen === null ? null : { pattern: chosen.pattern, alertId: chosen.alert.id },
    memory: next,
    nextCheckAt,
  };
}
