import { defineConfig } from 'vitest/config';

// One-shot runs across projects; each project also has its own vitest.config.ts for Nx.
export default defineConfig({
  test: {
    projects: ['libs/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'simulators', 'test'],
  },
});
