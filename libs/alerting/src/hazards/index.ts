export * from './hazard-workflow';
export { HazardService } from './hazard.service';
export { HazardsController } from './hazards.controller';
export {
  HazardOverdueEscalation,
  OVERDUE_ESCALATION_OPTIONS,
  type OverdueEscalationOptions,
} from './overdue-escalation';
export { overdueSms, levelAbove } from './overdue-text';
