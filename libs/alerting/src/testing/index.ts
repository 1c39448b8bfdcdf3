export { resetAlertingTables } from './reset-alerting';
export * from './twilio-double';
export { GPS_EXIF, hasExif, jpegBytes, jpegWithGps, pngBytes } from './image-bytes.fixture';
