export { resetAlertingTables } from './reset-alerting';
export * from './twilio-double';
export { jpegBytes, pngBytes } from './image-bytes.fixture';
export * from './command-transport-double';
