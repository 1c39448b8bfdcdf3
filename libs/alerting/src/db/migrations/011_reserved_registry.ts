import type { Migration } from './migration';

/**
 * Version 11 belongs to the registry (issue #13, registry-store); this branch holds its place so
 * that 012 applies. Merging with the registry replaces this file with the registry's own 011.
 */
export const migration011: Migration = {
  version: 11,
  name: 'reserved_registry',
  sql: 'SELECT 1;',
};
