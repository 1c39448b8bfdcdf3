import type { EventEmitter } from 'node:events';
import { setImmediate as yieldToEventLoop, setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Fleet } from '../fleet/fleet';
import type { SimulatorEventMap } from '../simulator-options';
import type { Rng } from '../util/random';
import type { Scenario, ScenarioContext } from './scenario';

export interface PlayDeps {
  fleet: Fleet;
  rng: Rng;
  logger: Logger;
  /** Scenario time runs this many times faster than real time. */
  speed: number;
  signal: AbortSignal;
  events: EventEmitter<SimulatorEventMap>;
  /** Log level of the scenario's steps: background traffic stays at debug. */
  quiet: boolean;
}

/**
 * Runs a scenario to its end or until `signal` aborts. Resolves `true` when it finished its
 * sequence; failures are logged and emitted as `scenario-error`, never thrown.
 */
export async function playScenario(scenario: Scenario, deps: PlayDeps): Promise<boolean> {
  const context = scenarioContext(scenario, deps);
  try {
    // Start on a later turn of the event loop, so listeners attached right after `await startSimulator()` see every step.
    await yieldToEventLoop();
    if (deps.signal.aborted) return false;
    await scenario.run(context);
    if (scenario.once) deps.logger.info({ scenario: scenario.name }, 'scenario sequence finished');
    return true;
  } catch (error) {
    if (deps.signal.aborted) return false;
    const failure = error instanceof Error ? error : new Error(String(error));
    deps.logger.error({ scenario: scenario.name, err: failure.message }, 'scenario failed');
    deps.events.emit('scenario-error', { scenario: scenario.name, error: failure });
    return false;
  }
}

function scenarioContext(scenario: Scenario, deps: PlayDeps): ScenarioContext {
  const { logger, events, signal } = deps;
  const log = deps.quiet ? logger.debug.bind(logger) : logger.info.bind(logger);
  return {
    scenario: scenario.name,
    fleet: deps.fleet,
    rng: deps.rng,
    logger,
    signal,
    now: Date.now,
    sleep: (ms) => delay(ms / deps.speed, undefined, { signal }),
    step: (step, detail = {}) => {
      log({ scenario: scenario.name, step, ...detail }, 'scenario step');
      events.emit('step', { scenario: scenario.name, step, at: Date.now(), detail });
    },
  };
}
