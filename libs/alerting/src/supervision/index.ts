export { RollCallService } from './roll-call.service';
export { RollCallsController, UrgesController } from './supervision.controller';
export { UrgeService } from './urge.service';
export * from './supervision-rules';
