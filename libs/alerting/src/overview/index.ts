export { alarmTrend, assembleSchools, inspectionCoverage, todayCounts } from './overview-assembly';
export { OverviewController } from './overview.controller';
export { OverviewService } from './overview.service';
