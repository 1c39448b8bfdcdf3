import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { tsconfigPaths: true },
  test: { name: 'alerting', include: ['src/**/*.spec.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
});
