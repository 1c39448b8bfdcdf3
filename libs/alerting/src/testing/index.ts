export { resetAlertingTables } from './reset-alerting';
export * from './twilio-double';
