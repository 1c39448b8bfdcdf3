import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { tsconfigPaths: true },
  test: { name: 'device-protocols', include: ['src/**/*.spec.ts'] },
});
