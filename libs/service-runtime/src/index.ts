export * from './logger';
export * from './service-runner';
export * from './log-throttle';
export * from './env-schemas';
export * from './calm-lane';
