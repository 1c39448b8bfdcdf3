export { startSimulator } from './simulator';
export {
  DEFAULT_RATE,
  type ConnectionSummary,
  type SimulatorEventMap,
  type SimulatorHandle,
  type SimulatorStats,
  type StartSimulatorOptions,
} from './simulator-options';
export { SCENARIOS, SCENARIO_NAMES, findScenario, UnknownScenarioError } from './scenarios/registry';
export type { Scenario, ScenarioContext, ScenarioStep } from './scenarios/scenario';
export { ScenarioUnavailableError } from './scenarios/scenario-unavailable-error';
export { UnknownSchoolError, planFleet, type FleetPlan, type SkippedDevice } from './fleet/plan-fleet';
export { CameraServer, startLocalCameras, type CameraRequest, type CameraServerOptions } from './cameras';
