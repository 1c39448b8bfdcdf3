import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function startGatewayExpectingFailure(
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  try {
    await run(`${ROOT}node_modules/.bin/tsx`, ['apps/gateway/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', MQTT_PORT: '0', MQTT_WS_PORT: '0', ...env },
      timeout: 30_000,
    });
    return { code: 0, output: '' };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('the gateway refuses bad configuration with one clear line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-bad-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names the file, the line and the reason of a bad sites file', async () => {
    const file = join(dir, 'sites.yaml');
    await writeFile(
      file,
      [
        'province: { code: "610000", name: "陕西省" }',
        'cities:',
        '  - code: "610100"',
        '    name: "西安市"',
        '    colour: blue',
        '    counties: []',
      ].join('\n'),
    );
    const { code, output } = await startGatewayExpectingFailure({ SITES_FILE: file, DATA_DIR: dir });
    expect(code).toBe(1);
    expect(output).toContain(`${file}:5`);
    expect(output).toMatch(/colour/);
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('says which file is missing', async () => {
    const { code, output } = await startGatewayExpectingFailure({
      SITES_FILE: join(dir, 'nope.yaml'),
      DATA_DIR: dir,
    });
    expect(code).toBe(1);
    expect(output).toMatch(/nope\.yaml.*cannot read/);
  });

  it('explains an incomplete InfluxDB configuration', async () => {
    const { code, output } = await startGatewayExpectingFailure({
      INFLUX_URL: 'http://127.0.0.1:1',
      DATA_DIR: dir,
    });
    expect(code).toBe(1);
    expect(output).toMatch(/INFLUX_BUCKET.*INFLUX_DATABASE/);
  });
});
