export * from './domain';
export * from './db';
export * from './escalation';
export * from './notifications';
export * from './auth';
export * from './api';
export * from './realtime';
export * from './rules';
