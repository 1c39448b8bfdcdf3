/** The fleet lacks the devices a scenario needs (e.g. no online camera for a Frigate step). */
export class ScenarioUnavailableError extends Error {
  constructor(scenario: string, reason: string) {
    super(`scenario ${scenario} cannot run: ${reason}`);
    this.name = 'ScenarioUnavailableError';
  }
}
