export { resetAlertingTables } from './reset-alerting';
export * from './twilio-double';
export { GPS_EXIF, hasExif, jpegBytes, jpegWithGps, pngBytes } from './image-bytes.fixture';
export { S3Double, type RecordedS3Request, type S3DoubleOptions } from './s3-double';
export * from './command-transport-double';
export { asRegistryDocument, FAKE_HASHER } from './registry-documents.fixture';
