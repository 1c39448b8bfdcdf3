import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { tsconfigPaths: true },
  test: { name: 'simulators', include: ['src/**/*.spec.ts'] },
});
