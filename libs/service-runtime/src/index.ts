export * from './logger';
export * from './service-runner';
