import { defineProject } from 'vitest/config';

// Unit tests of the dashboard's pure logic (schedules, formatting, lookups): no DOM needed.
export default defineProject({
  test: { name: 'dashboard', environment: 'node', include: ['src/**/*.spec.ts'] },
});
