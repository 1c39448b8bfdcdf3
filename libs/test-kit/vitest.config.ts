import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { tsconfigPaths: true },
  // The lint spec runs ESLint over the repository config: give it room on a shared machine.
  test: { name: 'test-kit', include: ['src/**/*.spec.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
