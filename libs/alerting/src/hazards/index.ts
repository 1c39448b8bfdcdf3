export * from './hazard-workflow';
export { HazardService } from './hazard.service';
export { HazardsController } from './hazards.controller';
export { HazardEventLog } from './hazard-event-log';
export {
  HazardOverdueEscalation,
  OVERDUE_ESCALATION_OPTIONS,
  type OverdueEscalationOptions,
} from './overdue-escalation';
export { overdueSms, levelAbove } from './overdue-text';
export { DrillService } from './drill.service';
export { DrillsController } from './drills.controller';
export { RiskPointService } from './risk-point.service';
export { RiskPointsController } from './risk-points.controller';
