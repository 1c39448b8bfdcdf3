/** 督办 and 在线查岗: the wire types of libs/api-contract, stored as they are answered (names from the sites file added by the service). */
export {
  ROLL_CALL_ANSWERS,
  URGE_TARGETS,
  type RollCall,
  type RollCallAnswer,
  type RollCallSchool,
  type SupervisionCounts,
  type Urge,
  type UrgeTarget,
} from '@campus/api-contract';
