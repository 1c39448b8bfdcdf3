/**
 * 应急演练: while a drill is on, alerts of its school (or of its one device) are marked `drill`.
 * Active on [from, to). The wire type of libs/api-contract.
 */
export type { Drill } from '@campus/api-contract';
