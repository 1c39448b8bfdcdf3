#!/usr/bin/env node
// `npm run test:unit`: every spec of every project except the integration tier (scripts/test-tiers.mjs),
// after checking the tiers are still true to the files. Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tierProblems, unitTierArgs } from './test-tiers.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const problems = tierProblems(root);
if (problems.length > 0) {
  for (const p of problems) console.error(`test tiers: ${p}`);
  process.exit(1);
}
const result = spawnSync('npx', ['vitest', 'run', ...unitTierArgs(), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
