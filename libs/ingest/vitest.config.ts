import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { tsconfigPaths: true },
  test: { name: 'ingest', include: ['src/**/*.spec.ts'] },
});
