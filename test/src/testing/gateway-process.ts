import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@campus/test-kit';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface GatewayProcess {
  child: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs `apps/gateway` (or another app entry) as its own process, the way an operator does. The
 * process is node itself with the tsx loader (not the `tsx` CLI, which runs the app in a child of
 * its own): `kill('SIGKILL')` must kill the app, not just a wrapper that leaves it running.
 */
export async function spawnApp(
  entry: 'apps/gateway/src/main.ts' | 'apps/platform/src/main.ts' | 'apps/alert-service/src/main.ts',
  env: Record<string, string>,
  healthUrl: string,
  /** Extra node flags, e.g. `--cpu-prof` to profile the app under a test's load. */
  nodeArgs: readonly string[] = [],
): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor(async () => (await fetch(healthUrl)).status === 200, {
    timeoutMs: 90_000,
    what: `${entry} to report healthy`,
    // an app that exits at start (a configuration error) fails the wait at once
    giveUp: () => (child.exitCode === null ? undefined : `${entry} exited with ${child.exitCode}`),
  }).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n--- output ---\n${out}`);
  });
  return {
    child,
    output: () => out,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}
