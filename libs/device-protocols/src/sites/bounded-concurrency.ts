/**
 * Runs async tasks with at most `limit` in flight; the rest wait in FIFO order, at most `maxQueued`
 * of them. Beyond that `run` rejects at once with `onFull()`: a flood of work must cost a
 * rejection, not memory, and the caller (a client) can try again later.
 */
export class BoundedConcurrency {
  private running = 0;
  /** Starters of the waiting tasks, oldest first (bounded by `maxQueued`, so `shift` stays cheap). */
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly limit: number,
    readonly maxQueued: number,
    private readonly onFull: () => Error = () => new Error(`more than ${maxQueued} tasks waiting`),
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit ${limit} is not a positive integer`);
    if (!Number.isInteger(maxQueued) || maxQueued < 0)
      throw new RangeError(`maxQueued ${maxQueued} is not a non-negative integer`);
  }

  /** Tasks started and not yet settled. */
  get active(): number {
    return this.running;
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) return this.start(task);
    if (this.queued >= this.maxQueued) return Promise.reject(this.onFull());
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => {
        this.start(task).then(resolve, reject);
      });
    });
  }

  private start<T>(task: () => Promise<T>): Promise<T> {
    this.running++;
    let result: Promise<T>;
    try {
      result = task();
    } catch (err) {
      // A task that throws before returning its promise must still give its slot back.
      result = Promise.reject(err);
    }
    return result.finally(() => {
      this.running--;
      this.next();
    });
  }

  private next(): void {
    if (this.running < this.limit) this.waiting.shift()?.();
  }
}
