import { SUPERVISOR_LABELS, type OrgLevel } from '@campus/api-contract';

/** The same official may urge the same alert (or hazard) once per this interval. */
export const URGE_INTERVAL_MS = 5 * 60_000;
/** A roll-call's answer window: default and bounds (minutes), and the shortest in seconds. */
export const ROLL_CALL_DEFAULT_MINUTES = 10;
export const ROLL_CALL_MAX_MINUTES = 120;
export const ROLL_CALL_MIN_SECONDS = 5;
/** However far the next deadline, the closer looks again this often (other replicas' roll-calls). */
export const ROLL_CALL_SWEEP_MS = 30_000;

/** Before this instant an earlier urge of the same official blocks a new one. */
export function urgeNotBefore(now: number, intervalMs: number = URGE_INTERVAL_MS): number {
  return now - intervalMs;
}

/** When the official may urge again after an urge at `lastAt` (epoch ms). */
export function urgeAllowedAgainAt(lastAt: number, intervalMs: number = URGE_INTERVAL_MS): number {
  return lastAt + intervalMs;
}

/** The 409 text of a refused urge: when the last one was and how long to wait (whole minutes and seconds). */
export function urgeRateLimitMessage(
  lastAt: number,
  now: number,
  intervalMs: number = URGE_INTERVAL_MS,
): string {
  const waitS = Math.max(1, Math.ceil((urgeAllowedAgainAt(lastAt, intervalMs) - now) / 1000));
  const wait = waitS >= 60 ? `${Math.floor(waitS / 60)} min ${waitS % 60} s` : `${waitS} s`;
  return (
    `you urged this school about it at ${new Date(lastAt).toISOString()}; ` +
    `one urge per ${intervalMs / 60_000} minutes per official: try again in ${wait}`
  );
}

/** How long a roll-call takes answers: seconds when given (drills, tests), else minutes (default 10). */
export function rollCallWindowMs(body: {
  answerWithinMinutes?: number;
  answerWithinSeconds?: number;
}): number {
  if (body.answerWithinSeconds !== undefined) return body.answerWithinSeconds * 1000;
  return (body.answerWithinMinutes ?? ROLL_CALL_DEFAULT_MINUTES) * 60_000;
}

/**
 * How long the closer sleeps: until the next deadline (0 when it has passed), but never longer
 * than `sweepMs`, so a roll-call started on another replica is closed in time too.
 */
export function nextCloseDelayMs(
  nextDeadline: number | undefined,
  now: number,
  sweepMs: number = ROLL_CALL_SWEEP_MS,
): number {
  if (nextDeadline === undefined) return sweepMs;
  return Math.min(Math.max(0, nextDeadline - now), sweepMs);
}

/** The bureau of an official's level, "县教育局" (the admin, a province-level account, as the province). */
export function supervisorName(level: OrgLevel, language: 'zh-CN' | 'en' = 'zh-CN'): string {
  const key = level === 'school' ? 'province' : level;
  return SUPERVISOR_LABELS[key][language];
}

/**
 * The SMS to the school's contacts: short, in the one vocabulary, no internal ids.
 * "【校园安全】县教育局督办：雁塔区第一小学烟感报警（12月7日 21:30）尚未处置，请立即处置并在平台确认。…"
 */
export function urgeSms(input: {
  byLevel: OrgLevel;
  schoolName: string;
  /** "烟感报警", or a hazard's title in 「」. */
  what: string;
  /** Local time of the alert's opening or the hazard's deadline, "12月7日 21:30". */
  when: string;
  target: 'alert' | 'hazard';
  message: string | null;
}): string {
  const state = input.target === 'alert' ? `（${input.when}）尚未处置` : `整改期限${input.when}已过`;
  const ask = input.target === 'alert' ? '请立即处置并在平台确认。' : '请尽快整改。';
  const note = input.message === null ? '' : `留言：${input.message}`;
  return `【校园安全】${supervisorName(input.byLevel)}督办：${input.schoolName}${input.what}${state}，${ask}${note}`;
}
