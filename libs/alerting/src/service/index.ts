export * from './alert-service-config';
export * from './start-alert-service';
