import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { tsconfigPaths: true },
  test: { name: 'platform', include: ['src/**/*.spec.ts'] },
});
