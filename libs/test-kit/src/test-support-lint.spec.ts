import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The repository root: ESLint finds eslint.config.mjs there, as `npm run lint` does. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const IMPORTS = `import { waitFor } from '@campus/test-kit';
import { resetAlertingTables } from '@campus/alerting/testing';
import { startTestApp } from '../testing/test-app.fixture';
import { alertContract } from '../testing/repository-contract/alert.contract';
import { TwilioDouble } from '../testing/twilio-double';

export const used = [waitFor, resetAlertingTables, startTestApp, alertContract, TwilioDouble];
`;

/** Lints `text` as if it were the file `path` of the repository, with the repository's config. */
async function restrictedImports(path: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(IMPORTS, { filePath: `${ROOT}${path}` });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => `${m.line}: ${m.message}`);
}

describe('lint: test support stays out of production code', () => {
  it('refuses each kind of test-support import in a production file', async () => {
    const errors = await restrictedImports('libs/alerting/src/alerts/lint-probe.ts');
    expect(errors.map((e) => Number(e.split(':')[0]))).toEqual([1, 2, 3, 4, 5]);
    expect(errors[0]).toContain('test support is for specs only');
  });

  it('refuses it in an app too', async () => {
    expect(await restrictedImports('apps/gateway/src/lint-probe.ts')).toHaveLength(5);
  });

  it('allows the same imports in a spec, a testing folder and the whole-system tests', async () => {
    expect(await restrictedImports('libs/alerting/src/alerts/lint-probe.spec.ts')).toEqual([]);
    expect(await restrictedImports('libs/alerting/src/testing/lint-probe.fixture.ts')).toEqual([]);
    expect(await restrictedImports('test/src/lint-probe.spec.ts')).toEqual([]);
  });
});
