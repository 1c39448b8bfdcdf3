import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { constants } from 'node:fs';

/** Children still running when the test process exits are killed, so no server outlives its run. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

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

export async function assertInstalled(binary: string, installHint: string): Promise<void> {
  try {
    await access(binary, constants.X_OK);
  } catch {
    throw new Error(`${binary} is not installed (or not executable): run \`${installHint}\` (as root)`);
  }
}

export async function logTail(logFile: string, lines = 30): Promise<string> {
  try {
    return (await readFile(logFile, 'utf8')).split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One run of a server process: start it, wait until it is ready, signal it and wait for its exit. */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(private readonly options: ManagedProcessOptions) {}

  get running(): boolean {
    return this.child !== undefined;
  }

  async start(): Promise<void> {
    if (this.child) throw new Error(`${this.options.name} is already running`);
    const { binary, args, cwd, logFile } = this.options;
    const fd = openSync(logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(binary, args, { cwd, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    let exitInfo = '';
    this.child = child;
    live.add(child);
    this.exited = new Promise<void>((resolve) => {
      const done = (why: string) => {
        exitInfo = why;
        live.delete(child);
        if (this.child === child) this.child = undefined;
        resolve();
      };
      child.once('exit', (code, signal) => done(`exited with ${signal ?? `code ${code}`}`));
      child.once('error', (error) => done(`failed to start: ${error.message}`));
    });
    try {
      await this.waitReady(() => exitInfo);
    } catch (error) {
      await this.signal('SIGKILL');
      throw error;
    }
  }

  private async waitReady(exitInfo: () => string): Promise<void> {
    const { name, readyUrl, logFile, readyTimeoutMs = 20_000 } = this.options;
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline) {
      if (exitInfo()) {
        throw new Error(
          `${name} ${exitInfo()} before ${readyUrl} answered; log tail:\n${await logTail(logFile)}`,
        );
      }
      try {
        const res = await fetch(readyUrl, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    throw new Error(
      `${name} did not answer ${readyUrl} within ${readyTimeoutMs} ms; log tail:\n${await logTail(logFile)}`,
    );
  }

  /** Sends `signal` and waits for the exit (SIGKILL after 15 s if a SIGTERM is ignored). */
  async signal(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
