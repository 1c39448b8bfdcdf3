/** 隐患排查治理: the hazard and its workflow steps are the wire types of libs/api-contract. */
export { HAZARD_STATES, type Hazard, type HazardEvent, type HazardState } from '@campus/api-contract';
