/** Time and timers, injectable so schedulers and retries can be tested with a manual clock. */
export interface TimerClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `fn` after `ms`; the returned function cancels it. */
  setTimeout(fn: () => void, ms: number): () => void;
}

export const systemTimerClock: TimerClock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};
