import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { tsconfigPaths: true },
  test: {
    name: 'test',
    include: ['src/**/*.spec.ts'],
    // The browser specs serve the built dashboard: build it once, before every spec file.
    globalSetup: ['src/testing/build-dashboard.global.ts'],
    // Whole-system tests start real servers; give them room on a shared 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
