import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { tsconfigPaths: true },
  test: { name: 'service-runtime', include: ['src/**/*.spec.ts'] },
});
