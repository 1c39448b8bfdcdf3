export {
  ACTION_RESULTS,
  type ActionParams,
  type ActionResult,
  type AlertAction,
  type LinkageAnswer,
  type LinkageDevice,
  type RunActionBody,
} from '@campus/api-contract';
