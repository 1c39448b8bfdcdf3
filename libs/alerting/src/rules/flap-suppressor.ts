/** What to do with one availability change. */
export type FlapVerdict = 'pass' | 'started' | 'suppressed';

/**
 * Flap detection for one device: more than `toggles` availability changes within `windowMs`
 * (engine time, a change exactly `windowMs` old still counts) starts flapping; while flapping every
 * change is suppressed; flapping ends once no change has come for a whole `windowMs`.
 */
export class FlapSuppressor {
  private changes: number[] = [];
  private flappingNow = false;

  constructor(
    private readonly toggles: number,
    private readonly windowMs: number,
  ) {}

  get flapping(): boolean {
    return this.flappingNow;
  }

  /** Records a change at `now` and says whether to report it, report flapping instead, or stay quiet. */
  record(now: number): FlapVerdict {
    this.changes = this.changes.filter((t) => t >= now - this.windowMs);
    this.changes.push(now);
    if (this.flappingNow) return 'suppressed';
    if (this.changes.length <= this.toggles) return 'pass';
    this.flappingNow = true;
    return 'started';
  }

  /** True exactly once when flapping ends at `now` (stable for a whole window); history is forgotten. */
  settle(now: number): boolean {
    if (!this.flappingNow) return false;
    const last = this.changes[this.changes.length - 1] ?? now;
    if (now - last < this.windowMs) return false;
    this.flappingNow = false;
    this.changes = [];
    return true;
  }

  /** Changes within the window, for the flapping alert's detail. */
  get recentChanges(): number {
    return this.changes.length;
  }
}
