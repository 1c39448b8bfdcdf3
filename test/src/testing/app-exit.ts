import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Runs an app entry the way an operator does (node with the tsx loader) and waits for it to exit
 * by itself, e.g. refusing its configuration: the exit code and everything it printed.
 */
export function runAppUntilExit(
  entry: 'apps/gateway/src/main.ts' | 'apps/platform/src/main.ts' | 'apps/alert-service/src/main.ts',
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', entry],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: timeoutMs },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}
