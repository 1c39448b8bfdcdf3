import buildDashboard from '../test/src/testing/build-dashboard.global';

/**
 * apps/dashboard/dist, which the platform serves, built the way the browser tests build it (the
 * same freshness check: nothing is built when dist is newer than every source).
 */
export const ensureDashboardBuilt: () => Promise<void> = buildDashboard;
