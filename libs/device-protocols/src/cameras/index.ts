export {
  coverageOf,
  coveringCameras,
  matchCoverage,
  MAX_COVERING_CAMERAS,
  type AlertPlace,
  type CoverageMatch,
} from './covering-cameras';
export { mediaPlan, type MediaPlan, type MediaRequest } from './snapshot-requests';
export {
  digestAuthorization,
  digestResponse,
  parseDigestChallenge,
  parseDigestParams,
  type DigestChallenge,
} from './http-digest';
