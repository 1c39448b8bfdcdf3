export { AlertMediaController, AlertMediaFileController } from './media.controller';
export { MediaService, MEDIA_LIMITS } from './media.service';
export { DEFAULT_MEDIA_LIMITS, mediaLimitsFromEnv, type MediaLimits } from './media-limits';
export {
  contentProblem,
  describeFetchError,
  fetchCameraFile,
  isMp4,
  type FetchOutcome,
} from './camera-fetch';
