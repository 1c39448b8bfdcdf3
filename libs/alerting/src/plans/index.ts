export { DEFAULT_PLANS, sirenModeForType, type Plan, type PlanStep } from './default-plans';
export { parsePlanConfig, planFor, PlanConfigError } from './plan-config';
export { planProgress, mayMark, type DoneStep } from './plan-progress';
export { incidentDurations, type DurationFacts } from './incident-durations';
export { INCIDENT_MEDIA_SOURCE, type IncidentMediaSource } from './incident-media';
export { PlanService, type PlanPager } from './plan.service';
export { DispatchService, RESPONDER_PHOTO_ROUTE } from './dispatch.service';
export { IncidentReportService } from './incident-report.service';
export { PlansController, PublicRespondersController, ResponderPhotosController } from './plans.controller';
