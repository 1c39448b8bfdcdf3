/**
 * The wire shapes of the REST API and socket.io (docs/alerting.md), shared by the backend
 * (libs/alerting) and the dashboard: types and plain const data only, no runtime dependencies.
 */
export * from './common';
export * from './vocabulary';
export * from './alerts';
export * from './linkage';
export * from './plans';
export * from './media';
export * from './devices';
export * from './hazards';
export * from './hazard-reports';
export * from './drills';
export * from './risk-points';
export * from './inspections';
export * from './orgs';
export * from './reports';
export * from './auth';
export * from './audit';
export * from './supervision';
export * from './realtime';
export * from './overview';
export * from './registry-api';
export * from './registry';
