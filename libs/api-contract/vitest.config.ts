import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { tsconfigPaths: true },
  test: { name: 'api-contract', include: ['src/**/*.spec.ts'] },
});
