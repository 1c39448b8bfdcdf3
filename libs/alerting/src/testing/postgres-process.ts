import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import type { RunAs } from './postgres-binaries';

/** Servers still running when the test process exits are killed, so none outlives its run. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

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

/** Starts `binary` with stdout and stderr appended to `logFile`, as `runAs` when given. */
export function spawnLogged(
  binary: string,
  args: string[],
  cwd: string,
  logFile: string,
  runAs: RunAs | undefined,
): Spawned {
  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(binary, args, {
      cwd,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      ...(runAs ?? {}),
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
export async function runLogged(
  binary: string,
  args: string[],
  cwd: string,
  logFile: string,
  runAs: RunAs | undefined,
): Promise<void> {
  const { exited } = spawnLogged(binary, args, cwd, logFile, runAs);
  const info = await exited;
  if (info !== 'exited with code 0') {
    throw new Error(`${binary} ${args.join(' ')} ${info}; log tail:\n${logTail(logFile)}`);
  }
}
