export * from './telemetry-reader';
export * from './telemetry.controller';
