import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { tsconfigPaths: true },
  test: { name: 'test', include: ['src/**/*.spec.ts'] },
});
