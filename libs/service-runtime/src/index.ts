export * from './logger';
export * from './service-runner';
export * from './log-throttle';
