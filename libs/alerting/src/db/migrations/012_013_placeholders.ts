import type { Migration } from './migration';

/**
 * PLACEHOLDERS, for wt/registry-api only: versions 12 (alert media) and 13 (plans, responders)
 * belong to work done in parallel, and the runner wants versions without gaps. The integrator
 * replaces these two with the real migrations 012 and 013 (and deletes this file) when merging.
 */
export const migration012Placeholder: Migration = {
  version: 12,
  name: 'placeholder_alert_media',
  sql: 'SELECT 1;',
};
export const migration013Placeholder: Migration = {
  version: 13,
  name: 'placeholder_plans_responders',
  sql: 'SELECT 1;',
};
