/** Said when one key already has `maxQueuedPerKey` tasks waiting; the client should try again later. */
export class KeyBusyError extends Error {
  constructor(readonly key: string) {
    super(`too many attempts waiting from ${key}; try again`);
    this.name = 'KeyBusyError';
  }
}

interface Lane {
  running: number;
  /** Starters of the waiting tasks, oldest first. */
  waiting: (() => void)[];
}

/**
 * Runs async tasks with at most `limitPerKey` in flight per key (a client address), the rest of
 * that key waiting in FIFO order. Credential checks go through it so that a burst of logins from
 * one address is decided a few at a time: once the first failures lock the address, the attempts
 * still waiting are refused by the limiter without a credential check, instead of all of them
 * having passed the limiter together before the first one failed. Memory: one entry per key with
 * work in flight, removed when the key is idle.
 */
export class KeyedConcurrency {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    readonly limitPerKey: number,
    readonly maxQueuedPerKey: number = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(limitPerKey) || limitPerKey < 1)
      throw new RangeError(`limitPerKey ${limitPerKey} is not a positive integer`);
    if (maxQueuedPerKey < 0 || Number.isNaN(maxQueuedPerKey))
      throw new RangeError(`maxQueuedPerKey ${maxQueuedPerKey} is negative`);
  }

  /** Keys with tasks running or waiting. */
  get keys(): number {
    return this.lanes.size;
  }

  /** Tasks of `key` waiting for a slot. */
  queued(key: string): number {
    return this.lanes.get(key)?.waiting.length ?? 0;
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    if (lane.running < this.limitPerKey) {
      lane.running++;
      return this.start(key, lane, task);
    }
    if (lane.waiting.length >= this.maxQueuedPerKey) return Promise.reject(new KeyBusyError(key));
    const queuedLane = lane;
    return new Promise<T>((resolve, reject) => {
      queuedLane.waiting.push(() => void this.start(key, queuedLane, task).then(resolve, reject));
    });
  }

  /** Runs `task` in a slot already counted in `lane.running`; hands the slot on when it settles. */
  private start<T>(key: string, lane: Lane, task: () => Promise<T>): Promise<T> {
    let result: Promise<T>;
    try {
      result = task();
    } catch (err) {
      result = Promise.reject(err);
    }
    return result.finally(() => {
      const next = lane.waiting.shift();
      // The slot goes to the next waiting task, on a later turn of the event loop: a long queue of
      // quick tasks (refusals by a lockout) must not hold the loop, and other connections' I/O
      // runs between them.
      if (next) {
        setImmediate(next);
        return;
      }
      lane.running--;
      if (lane.running === 0) this.lanes.delete(key);
    });
  }
}
