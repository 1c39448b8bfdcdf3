export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Named in the timeout message: "timed out after … waiting for <what>". */
  what?: string;
  /**
   * Checked before every poll: a reason (e.g. "postgres exited with code 1") ends the wait at once
   * with that message instead of polling on until the deadline.
   */
  giveUp?: () => string | undefined;
}

/**
 * Polls `check` until it returns a truthy value or the deadline passes; no fixed sleeps in tests.
 * A `check` that throws counts as "not yet" (the last error is in the timeout message).
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 25, what = 'condition', giveUp }: WaitOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const reason = giveUp?.();
    if (reason !== undefined) throw new Error(reason);
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
