import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Cleanups } from './context';

/** The repository root: children run from here so that tsx finds tsconfig.json and `@campus/*`. */
export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * Children still alive when this process exits for any reason (an uncaught error, a signal):
 * killed synchronously, because async cleanups never run then (temp dirs: test-kit's removeAtExit).
 */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of liveChildren)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  // Without handlers a signal ends the process without an 'exit' event, leaving the children running.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`bench: ${signal}, killing child processes`);
      process.exit(130);
    });
  }
}

const TAIL_LINES = 80;
const ERROR_LINES = 12;

/** What a child printed: the last lines, and the first error-looking ones (a crash is often buried). */
class OutputLog {
  private partial = '';
  private readonly tail: string[] = [];
  private readonly errors: string[] = [];

  push(chunk: Buffer): void {
    const lines = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  /** Index in `errors` of an uncaught error's header whose first stack frame is still to come. */
  private awaitingFrame: number | undefined;

  private line(raw: string): void {
    const line = raw.length > 600 ? `${raw.slice(0, 600)}…` : raw;
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
    const frame = /^\s+at /.test(line);
    if (this.awaitingFrame !== undefined && frame) {
      // Where it was thrown (e.g. qlobber's recursion) says more than the message alone.
      this.errors[this.awaitingFrame] += ` (${line.trim()})`;
      this.awaitingFrame = undefined;
      return;
    }
    const summary = errorSummary(line);
    if (summary !== undefined && this.errors.length < ERROR_LINES && !this.errors.includes(summary)) {
      this.errors.push(summary);
      this.awaitingFrame =
        summary.startsWith('{') || !/Error\b/.test(summary) ? undefined : this.errors.length - 1;
    } else if (!frame) this.awaitingFrame = undefined;
  }

  text(): string {
    return [...this.tail, this.partial].join('\n');
  }

  errorLines(): string[] {
    if (this.partial !== '') {
      const summary = errorSummary(this.partial);
      if (summary !== undefined && !this.errors.includes(summary)) return [...this.errors, summary];
    }
    return [...this.errors];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** One line for a pino error/fatal record or an uncaught error's header line; undefined otherwise. */
function errorSummary(line: string): string | undefined {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    try {
      const record: unknown = JSON.parse(trimmed);
      if (!isRecord(record) || typeof record['level'] !== 'number' || record['level'] < 50) return undefined;
      const err = record['err'];
      const frame =
        isRecord(err) && typeof err['stack'] === 'string'
          ? /\n\s+(at [^\n]+)/.exec(err['stack'])?.[1]
          : undefined;
      const detail = isRecord(err)
        ? `${String(err['type'])}: ${String(err['message'])}${frame ? ` (${frame})` : ''}`
        : '';
      return [String(record['msg'] ?? ''), detail].filter((s) => s !== '').join(' — ');
    } catch {
      return undefined;
    }
  }
  return /^(Uncaught |node:internal|\w*Error\b|.*Error: |.*Maximum call stack)/.test(trimmed) &&
    !trimmed.startsWith('at ')
    ? trimmed
    : undefined;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process of the benchmark: output kept, exit observable, always killed in cleanup. */
export class ManagedChild {
  readonly exited: Promise<ExitStatus>;
  private status: ExitStatus | undefined;
  private readonly log = new OutputLog();

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    installExitHook();
    liveChildren.add(child);
    child.stdout?.on('data', (d: Buffer) => this.log.push(d));
    child.stderr?.on('data', (d: Buffer) => this.log.push(d));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        liveChildren.delete(child);
        this.status = { code, signal };
        resolve(this.status);
      });
    });
    // A spawn failure is reported through the exit status check; unhandled it would crash the bench.
    child.on('error', (err) => this.log.push(Buffer.from(`spawn error: ${err.message}\n`)));
  }

  get running(): boolean {
    return this.status === undefined;
  }

  output(): string {
    return this.log.text();
  }

  /** Why the child is no longer running, with the errors it printed, for a failure message. */
  describeExit(): string {
    const how =
      this.status === undefined
        ? 'is still running'
        : this.status.signal !== null
          ? `was killed by ${this.status.signal}`
          : `exited with code ${this.status.code}`;
    const errors = this.log.errorLines();
    return errors.length > 0
      ? `${this.name} ${how}; it reported: ${errors.join(' | ')}`
      : `${this.name} ${how}; last output:\n${this.output().split('\n').slice(-15).join('\n')}`;
  }

  errorLines(): string[] {
    return this.log.errorLines();
  }

  /** SIGTERM, then SIGKILL after `graceMs`: a stuck or overloaded child must not hold up cleanup. */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const forced = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, graceMs);
    });
    await Promise.race([this.exited, forced]);
    clearTimeout(timer);
    await this.exited;
  }
}

/**
 * Runs `entry` (a TypeScript file, relative to the repository root) as `node --import tsx entry`:
 * node itself, not the tsx CLI, so that killing the child kills the program and not a wrapper.
 * `ipc` opens a channel for `child.send` / `process.send`.
 */
export function spawnTsx(
  cleanups: Cleanups,
  name: string,
  entry: string,
  env: Record<string, string>,
  { ipc = false }: { ipc?: boolean } = {},
): ManagedChild {
  const child = spawn(process.execPath, [...profileArgs(name), '--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  const managed = new ManagedChild(name, child);
  cleanups.add(() => managed.stop());
  return managed;
}

/**
 * BENCH_PROFILE=platform,bare-aedes (child names) writes a CPU profile of each such child into
 * BENCH_PROFILE_DIR/<name>-<time>/ (default .tmp/profiles) when it exits: profile the subject under the very
 * load the benchmark measures (docs/benchmarks.md, "Profiling").
 */
function profileArgs(name: string): string[] {
  const names = (process.env['BENCH_PROFILE'] ?? '').split(',').map((n) => n.trim());
  if (!names.includes(name)) return [];
  const dir = process.env['BENCH_PROFILE_DIR'] ?? join(ROOT, '.tmp', 'profiles');
  // one folder per run of the child: its main thread and each worker thread write a file there
  return ['--cpu-prof', `--cpu-prof-dir=${join(dir, `${name}-${Date.now()}`)}`];
}

/** A failed step of a benchmark: which one, and why (the child's own error when it crashed). */
export class StepError extends Error {
  constructor(
    readonly step: string,
    readonly reason: string,
  ) {
    super(`step "${step}" failed: ${reason}`);
    this.name = 'StepError';
  }
}

export function errorText(err: unknown): string {
  if (err instanceof StepError) return err.message;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/** Resolves when any of `children` has exited, or after `ms`. */
async function settleExits(children: readonly ManagedChild[], ms: number): Promise<void> {
  if (children.length === 0 || children.some((c) => !c.running)) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    ...children.map((c) => c.exited),
    new Promise((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}

/**
 * Runs one step with a deadline, failing as soon as a watched child exits: a crashed platform
 * otherwise shows up only as PUBACKs that never come. Timers are cleared so nothing keeps the
 * process alive after a failure.
 */
export async function step<T>(
  name: string,
  run: () => Promise<T>,
  { timeoutMs, watch = [] }: { timeoutMs: number; watch?: readonly ManagedChild[] },
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StepError(name, `did not finish within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  const crashes = watch.map((child) =>
    child.exited.then((): never => {
      throw new StepError(name, child.describeExit());
    }),
  );
  try {
    return await Promise.race([
      run().catch(async (err: unknown): Promise<never> => {
        if (err instanceof StepError) throw err;
        // A crash usually surfaces first as a reset MQTT connection, a moment before the exit event:
        // give the exit a second to arrive so that the report names the crash, not only the symptom.
        await settleExits(watch, 1_000);
        const dead = watch.find((c) => !c.running);
        if (dead) throw new StepError(name, `${errorText(err)}; ${dead.describeExit()}`);
        const logged = watch
          .filter((c) => c.errorLines().length > 0)
          .map((c) => `${c.name} logged: ${c.errorLines().join(' | ')}`);
        throw new StepError(name, [errorText(err), ...logged].join('; '));
      }),
      deadline,
      ...crashes,
    ]);
  } finally {
    clearTimeout(timer);
    for (const c of crashes) c.catch(() => undefined);
  }
}
