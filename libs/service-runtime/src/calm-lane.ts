/**
 * Work that may wait for a calm turn of the event loop: one task per turn in which no new
 * connection arrived, so a burst of connections is accepted and its cheap requests answered
 * before the expensive ones start.
 *
 * Why: Node's event loop accepts one connection per turn (libuv 1.45+), and a turn runs every
 * request that became readable in it to completion. In a flood of 200 logins the admitted
 * attempts (express, Nest, the database) would each make their turn long, so the rest of the
 * flood — and a health check or an alarm behind it — waited in the kernel's accept queue for
 * hundreds of milliseconds (docs/security.md, "Login throttling").
 *
 * A task waits at most `maxWaitMs`: a flood that never ends delays the work, it never starves it.
 */
export class CalmLane {
  private readonly tasks: { task: () => void; at: number }[] = [];
  private arrivals = 0;
  private scheduled = false;

  constructor(
    private readonly maxWaitMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Something arrived this turn (a connection was accepted): waiting work keeps waiting. */
  arrived(): void {
    this.arrivals += 1;
  }

  /** Runs `task` in a later calm turn (in order). A task that throws does not stop the others. */
  run(task: () => void): void {
    this.tasks.push({ task, at: this.now() });
    this.schedule();
  }

  /** Tasks waiting (tests, metrics). */
  get waiting(): number {
    return this.tasks.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.turn());
  }

  private turn(): void {
    this.scheduled = false;
    const next = this.tasks[0];
    if (next === undefined) return;
    const busy = this.arrivals > 0;
    this.arrivals = 0;
    if (!busy || this.now() - next.at >= this.maxWaitMs) {
      this.tasks.shift();
      try {
        next.task();
      } catch {
        // the task owns its errors (an HTTP handler answers its own request); the lane goes on
      }
    }
    if (this.tasks.length > 0) this.schedule();
  }
}
