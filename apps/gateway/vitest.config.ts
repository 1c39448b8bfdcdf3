import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { tsconfigPaths: true },
  test: { name: 'gateway', include: ['src/**/*.spec.ts'] },
});
