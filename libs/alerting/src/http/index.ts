export { httpErrorOf, type ErrorBody, type HttpError } from './error-body';
export { HealthController } from './health.controller';
export { HttpErrorsFilter } from './http-errors.filter';
export { DASHBOARD_NOT_BUILT, serveDashboard } from './dashboard-static';
export { DOCS_JSON_PATH, DOCS_PATH, setupOpenApi } from './openapi';
export { Readiness } from './readiness';
export { validationDetails, ZodValidationPipe, type ValidationDetail } from './zod-validation.pipe';
