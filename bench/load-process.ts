import type { Cleanups } from './context';
import { DEFAULT_WINDOW, type FleetDevice, type RunStats } from './device-fleet';
import { isLoadAnswer, type LoadAnswer, type LoadRequest, type SentReport } from './load-protocol';
import { spawnTsx, type ManagedChild } from './processes';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending {
  resolve(answer: LoadAnswer): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * A DeviceFleet in a child process (bench/load-main.ts), driven over IPC: `count` for a closed
 * window-limited run, `startRate`/`stop` for a paced background load. `failed` rejects when the
 * child reports a failed load or exits.
 */
export class LoadProcess {
  readonly failed: Promise<never>;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private rejectFailed: (err: Error) => void = () => undefined;

  private constructor(readonly child: ManagedChild) {
    this.failed = new Promise<never>((_, reject) => (this.rejectFailed = reject));
    this.failed.catch(() => undefined);
    child.child.on('message', (msg: unknown) => {
      if (isLoadAnswer(msg)) this.answer(msg);
    });
    void child.exited.then(() => {
      const err = new Error(child.describeExit());
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(err);
      }
      this.pending.clear();
      this.rejectFailed(err);
    });
  }

  /** Starts the child and connects its devices to `url`. */
  static async start(
    cleanups: Cleanups,
    name: string,
    url: string,
    devices: readonly FleetDevice[],
    window = DEFAULT_WINDOW,
  ): Promise<LoadProcess> {
    const child = spawnTsx(cleanups, name, 'bench/load-main.ts', {}, { ipc: true });
    const load = new LoadProcess(child);
    await load.request({ type: 'connect', url, devices: [...devices], window }, 60_000);
    return load;
  }

  private answer(msg: LoadAnswer): void {
    if (msg.type === 'failed') {
      this.rejectFailed(new Error(`${this.child.name}: ${msg.message}`));
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.type === 'error') p.reject(new Error(`${this.child.name}: ${msg.message}`));
    else p.resolve(msg);
  }

  private request(req: WithoutId<LoadRequest>, timeoutMs: number): Promise<LoadAnswer> {
    const id = this.nextId++;
    return new Promise<LoadAnswer>((resolve, reject) => {
      if (!this.child.running) return reject(new Error(this.child.describeExit()));
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.child.name}: no answer to "${req.type}" within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.child.child.send({ ...req, id });
    });
  }

  private async stats(
    req: WithoutId<LoadRequest>,
    timeoutMs: number,
  ): Promise<{ stats: RunStats; busy: number }> {
    const answer = await this.request(req, timeoutMs);
    if (answer.type !== 'stats') throw new Error(`${this.child.name}: expected stats, got ${answer.type}`);
    return { stats: answer.stats, busy: answer.busy };
  }

  /** Every device publishes `perDevice` readings within its window; resolves at the last PUBACK. */
  count(perDevice: number, timeoutMs: number): Promise<{ stats: RunStats; busy: number }> {
    return this.stats({ type: 'count', perDevice }, timeoutMs);
  }

  async startRate(perSecond: number): Promise<void> {
    await this.request({ type: 'rate', perSecond }, 10_000);
  }

  /** Readings acknowledged so far in the current paced load. */
  async progress(): Promise<number> {
    const answer = await this.request({ type: 'progress' }, 10_000);
    return answer.type === 'progress' ? answer.acked : 0;
  }

  /** Ends the paced load once its outstanding publishes are acknowledged. */
  stop(timeoutMs = 60_000): Promise<{ stats: RunStats; busy: number }> {
    return this.stats({ type: 'stop' }, timeoutMs);
  }

  async sent(): Promise<SentReport> {
    const answer = await this.request({ type: 'sent' }, 10_000);
    if (answer.type !== 'sent') throw new Error(`${this.child.name}: expected sent, got ${answer.type}`);
    return answer.report;
  }
}
