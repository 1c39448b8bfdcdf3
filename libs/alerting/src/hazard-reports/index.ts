export {
  HazardReportService,
  PUBLIC_LINK_OPTIONS,
  PUBLIC_REPORTER,
  type PublicLinkOptions,
} from './hazard-report.service';
export {
  HazardPhotoCountsController,
  HazardPhotosController,
  HazardReportsController,
  PhotosController,
  PublicHazardReportsController,
  PublicHazardReportStatusController,
  PublicSchoolsController,
  SchoolPublicLinkController,
} from './hazard-reports.controller';
export { FilePhotoStore, PHOTO_STORE, type PhotoStore } from './photo-store';
export { photoStoreFromEnv } from './photo-store-from-env';
export { S3PhotoStore } from './s3-photo-store';
export { parseS3Url, S3ConfigError, type S3Location } from './s3-url';
export { PHOTO_MAX_SIDE, reencodePhoto } from './image-reencode';
export { imageTypeOf, IMAGE_TYPES, type ImageType } from './image-check';
export {
  HAZARD_REPORT_LIMITS,
  hazardReportLimitsFromEnv,
  type HazardReportLimits,
} from './hazard-report-limits';
export { PHOTO_URL_SIGNER, PhotoUrlSigner } from './photo-urls';
