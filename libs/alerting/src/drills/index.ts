export { DrillService } from './drill.service';
export { DrillsController } from './drills.controller';
