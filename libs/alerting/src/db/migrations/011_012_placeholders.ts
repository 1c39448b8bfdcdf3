import type { Migration } from './migration';

/**
 * PLACEHOLDERS, for wt/plans only: versions 11 (registry) and 12 (alert media) belong to work done
 * in parallel, and the runner wants versions without gaps. The integrator replaces these two with
 * the real migrations 011 and 012 (and deletes this file) when merging.
 */
export const migration011Placeholder: Migration = {
  version: 11,
  name: 'placeholder_registry',
  sql: 'SELECT 1;',
};
export const migration012Placeholder: Migration = {
  version: 12,
  name: 'placeholder_alert_media',
  sql: 'SELECT 1;',
};
