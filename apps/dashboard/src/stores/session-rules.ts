/**
 * The pure rules of the dashboard's session and account screens (no DOM, no network): when to
 * renew the access token, what to say about a new password before and after the server looked.
 */

/** The server's minimum (docs/user-guide.md, "Change your password"). */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * How long to wait before renewing an access token that runs out at `expiresAtMs`: until a
 * minute before (a quarter of what is left, for short lifetimes), and at least a second.
 */
export function refreshDelayMs(expiresAtMs: number, nowMs: number): number {
  const left = expiresAtMs - nowMs;
  return Math.max(1_000, left - Math.min(60_000, left / 4));
}

export interface PasswordForm {
  current: string;
  next: string;
  repeat: string;
}

export type PasswordProblem =
  'currentMissing' | 'tooShort' | 'isUsername' | 'sameAsCurrent' | 'mismatch' | 'tooCommon' | 'wrongCurrent';

/**
 * What is wrong with the change-password form before it is sent (the server decides in the end,
 * with the list of common passwords as well); null when it may be sent.
 */
export function passwordFormProblem(form: PasswordForm, username: string): PasswordProblem | null {
  if (form.current === '') return 'currentMissing';
  if ([...form.next].length < MIN_PASSWORD_LENGTH) return 'tooShort';
  if (form.next.trim().toLowerCase() === username.trim().toLowerCase()) return 'isUsername';
  if (form.next === form.current) return 'sameAsCurrent';
  if (form.next !== form.repeat) return 'mismatch';
  return null;
}

/** The server's refusal of a new password (`{"error": …}` of a 400 or 403) as one of ours, if known. */
export function serverPasswordProblem(status: number, reason: string): PasswordProblem | null {
  if (status === 403) return 'wrongCurrent';
  if (status !== 400) return null;
  if (/too short/.test(reason)) return 'tooShort';
  if (/user name/.test(reason)) return 'isUsername';
  if (/too common/.test(reason)) return 'tooCommon';
  if (/is the current one/.test(reason)) return 'sameAsCurrent';
  return null;
}

/** A wait of `seconds` as the unit to show it in: seconds up to two minutes, then whole minutes. */
export function waitParts(seconds: number): { unit: 'seconds' | 'minutes'; n: number } {
  const s = Math.max(1, Math.ceil(seconds));
  return s < 120 ? { unit: 'seconds', n: s } : { unit: 'minutes', n: Math.ceil(s / 60) };
}
