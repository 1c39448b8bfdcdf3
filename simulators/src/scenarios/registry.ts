import { deviceOfflineScenario } from './device-offline';
import { fireInLabScenario } from './fire-in-lab';
import { flappingScenario } from './flapping';
import { nightIntrusionScenario } from './night-intrusion';
import { normalScenario } from './normal';
import type { Scenario } from './scenario';

export const SCENARIOS: readonly Scenario[] = [
  normalScenario,
  fireInLabScenario,
  nightIntrusionScenario,
  deviceOfflineScenario,
  flappingScenario,
];

export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((scenario) => scenario.name);

export class UnknownScenarioError extends Error {
  constructor(readonly requested: string) {
    super(`unknown scenario "${requested}"; choose one of: ${SCENARIO_NAMES.join(', ')}`);
    this.name = 'UnknownScenarioError';
  }
}

export function findScenario(name: string): Scenario {
  const scenario = SCENARIOS.find((candidate) => candidate.name === name);
  if (!scenario) throw new UnknownScenarioError(name);
  return scenario;
}
