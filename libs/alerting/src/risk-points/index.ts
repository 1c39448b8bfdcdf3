export { RiskPointService } from './risk-point.service';
export { RiskPointsController } from './risk-points.controller';
