import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue, Result } from 'axe-core';
import type { Page } from 'playwright-core';

/** The impacts issue #4 forbids ("no serious axe-core violations"). */
const BLOCKING: readonly ImpactValue[] = ['serious', 'critical'];

let axeSource: Promise<string> | undefined;

/** axe-core's browser bundle, read once (the package's `axe.source` is this file). */
function source(): Promise<string> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/**
 * Runs axe-core on the page as it is now and returns the violations of serious or critical
 * impact. The context needs `bypassCSP` so the inline script can run under the app's CSP.
 */
export async function blockingViolations(page: Page): Promise<Result[]> {
  const injected = await page.evaluate(() => 'axe' in globalThis);
  if (!injected) await page.addScriptTag({ content: await source() });
  const results = await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(options: object): Promise<AxeResults> } }).axe.run({
      resultTypes: ['violations'],
    }),
  );
  return results.violations.filter((v) => v.impact != null && BLOCKING.includes(v.impact));
}

/** Violations as a reader wants them in a failing test: rule, impact, help, and each element. */
export function formatViolations(violations: readonly Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map(
          (n) => `    - ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`,
        )
        .join('\n');
      const more = v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
}
