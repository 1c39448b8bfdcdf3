import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { waitFor } from './waiting';

/** Children still running when the test process exits are killed, so no server outlives its run. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** The OS user and group a server runs as (PostgreSQL refuses root). */
export interface RunAs {
  uid: number;
  gid: number;
}

/** The C locale, for servers whose messages the harnesses match (PostgreSQL's "could not bind"). */
export const cLocaleEnv = (): NodeJS.ProcessEnv => ({ ...process.env, LC_ALL: 'C', LANG: 'C' });

export async function assertInstalled(binary: string, installHint: string): Promise<void> {
  try {
    await access(binary, constants.X_OK);
  } catch {
    throw new Error(`${binary} is not installed (or not executable): run \`${installHint}\` (as root)`);
  }
}

/** The last `lines` lines of a server's log, for a failure message. */
export function logTail(logFile: string, lines = 30): string {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export interface Spawned {
  child: ChildProcess;
  /** Resolves with a description (`exited with code 1`) once the process has ended. */
  exited: Promise<string>;
  /** The description once ended, else undefined. */
  exitInfo(): string | undefined;
}

export interface SpawnLoggedOptions {
  cwd: string;
  /** stdout and stderr are appended here (kept across restarts). */
  logFile: string;
  /** Default: this process's environment. */
  env?: NodeJS.ProcessEnv;
  runAs?: RunAs | undefined;
}

/** Starts `binary` with stdout and stderr appended to `logFile`, as `runAs` when given. */
export function spawnLogged(binary: string, args: string[], options: SpawnLoggedOptions): Spawned {
  const fd = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(binary, args, {
      cwd: options.cwd,
      stdio: ['ignore', fd, fd],
      ...(options.env ? { env: options.env } : {}),
      ...(options.runAs ?? {}),
    });
  } finally {
    closeSync(fd);
  }
  live.add(child);
  let info: string | undefined;
  const exited = new Promise<string>((resolve) => {
    const done = (why: string) => {
      info ??= why;
      live.delete(child);
      resolve(info);
    };
    child.once('exit', (code, signal) => done(`exited with ${signal ?? `code ${code}`}`));
    child.once('error', (error) => done(`failed to start: ${error.message}`));
  });
  return { child, exited, exitInfo: () => info };
}

/** Runs a short command to its end; throws with the log tail unless it exits with code 0. */
export async function runLogged(binary: string, args: string[], options: SpawnLoggedOptions): Promise<void> {
  const info = await spawnLogged(binary, args, options).exited;
  if (info !== 'exited with code 0') {
    throw new Error(`${binary} ${args.join(' ')} ${info}; log tail:\n${logTail(options.logFile)}`);
  }
}

/** Sends `signal` and waits for the exit, with SIGKILL after `killAfterMs` if it is ignored. */
export async function stopSpawned(
  spawned: Spawned,
  signal: NodeJS.Signals,
  killAfterMs: number,
): Promise<void> {
  if (spawned.exitInfo() !== undefined) return;
  spawned.child.kill(signal);
  const timer = setTimeout(() => spawned.child.kill('SIGKILL'), killAfterMs);
  try {
    await spawned.exited;
  } finally {
    clearTimeout(timer);
  }
}

export interface ManagedProcessOptions {
  /** For messages: `influxd`, `victoria-metrics`. */
  name: string;
  binary: string;
  args: string[];
  cwd: string;
  /** stdout and stderr are appended here (kept across restarts). */
  logFile: string;
  /** Polled until it answers 2xx. */
  readyUrl: string;
  readyTimeoutMs?: number;
}

/** Whether `url` answers 2xx (a server not listening yet is a no). */
async function answersOk(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/** One server process that can be restarted: start it, wait until it is ready, signal it and wait for its exit. */
export class ManagedProcess {
  private run: Spawned | undefined;

  constructor(private readonly options: ManagedProcessOptions) {}

  get running(): boolean {
    return this.run !== undefined && this.run.exitInfo() === undefined;
  }

  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.options.name} is already running`);
    const { name, binary, args, cwd, logFile, readyUrl, readyTimeoutMs = 20_000 } = this.options;
    const run = spawnLogged(binary, args, { cwd, logFile });
    this.run = run;
    try {
      await waitFor(() => answersOk(readyUrl), {
        timeoutMs: readyTimeoutMs,
        intervalMs: 50,
        what: `${name} to answer ${readyUrl}`,
        giveUp: () => {
          const exit = run.exitInfo();
          return exit && `${name} ${exit} before ${readyUrl} answered; log tail:\n${logTail(logFile)}`;
        },
      });
    } catch (error) {
      const exitedEarly = run.exitInfo() !== undefined; // then the message has the log tail already
      await this.signal('SIGKILL');
      throw exitedEarly ? error : new Error(`${(error as Error).message}; log tail:\n${logTail(logFile)}`);
    }
  }

  /** Sends `signal` and waits for the exit (SIGKILL after 15 s if a SIGTERM is ignored). */
  async signal(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    if (this.run) await stopSpawned(this.run, signal, 15_000);
  }
}
