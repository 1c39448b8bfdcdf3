import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

async function lint(file: string, source: string): Promise<{ code: number; output: string }> {
  await writeFile(`${ROOT}${file}`, source);
  try {
    // The boundary rule reads Nx's cached project graph; make sure it exists (a fresh clone has none).
    await run('npx', ['nx', 'show', 'projects'], { cwd: ROOT, env });
    const { stdout } = await run('npx', ['eslint', file], { cwd: ROOT, env });
    return { code: 0, output: stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  } finally {
    await rm(`${ROOT}${file}`, { force: true });
  }
}

describe('npm run lint enforces the architecture', () => {
  it('fails when an app imports another app', async () => {
    const result = await lint(
      'apps/gateway/src/lint-probe-app-import.ts',
      "import { startPlatform } from '@campus/platform';\nexport const probe = startPlatform;\n",
    );
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/enforce-module-boundaries/);
  });

  it('fails when the protocols library imports the ingest library', async () => {
    const result = await lint(
      'libs/device-protocols/src/lint-probe-lib-import.ts',
      "import { startGateway } from '@campus/ingest';\nexport const probe = startGateway;\n",
    );
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/enforce-module-boundaries/);
  });

  it('passes for an allowed import', async () => {
    const result = await lint(
      'apps/gateway/src/lint-probe-allowed.ts',
      "import { startGateway } from '@campus/ingest';\nexport const probe = startGateway;\n",
    );
    expect(result).toMatchObject({ code: 0 });
  });
});
