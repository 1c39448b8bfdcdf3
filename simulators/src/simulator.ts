import { EventEmitter } from 'node:events';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import pino, { type Logger } from 'pino';
import type { SimulatorRuntime } from './devices/simulator-runtime';
import { Fleet } from './fleet/fleet';
import type { Gb26875Endpoint } from './gb26875/gb26875-panel';
import { planFleet, type FleetPlan } from './fleet/plan-fleet';
import { PublishStats } from './mqtt/publish-stats';
import { normalScenario } from './scenarios/normal';
import { findScenario } from './scenarios/registry';
import { playScenario } from './scenarios/play-scenario';
import type { Scenario } from './scenarios/scenario';
import {
  DEFAULT_RATE,
  type SimulatorEventMap,
  type SimulatorHandle,
  type SimulatorStats,
  type StartSimulatorOptions,
} from './simulator-options';
import { TelemetryScheduler } from './traffic/telemetry-scheduler';
import { startLocalCameras } from './cameras/demo-cameras';
import { createRng } from './util/random';

const CONNECT_BATCH = 25;

/** Connects the fleet of `sites` to the broker at `url` and plays `scenario` over normal traffic. */
export async function startSimulator(options: StartSimulatorOptions): Promise<SimulatorHandle> {
  const rate = options.rate ?? DEFAULT_RATE;
  if (!Number.isFinite(rate) || rate < 0)
    throw new RangeError(`rate must be a number ≥ 0 (messages per second), got ${rate}`);
  const speed = options.speed ?? 1;
  if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`speed must be a number > 0, got ${speed}`);
  const scenario = findScenario(options.scenario ?? normalScenario.name);
  const gb26875 = gb26875Endpoint(options);
  const plan = planFleet(options.sites, {
    schools: options.schools,
    secretOverride: options.secretOverride,
    ...(gb26875 ? { gb26875 } : {}),
  });

  const logger = options.logger ?? pino({ name: 'simulator', level: process.env['LOG_LEVEL'] ?? 'info' });
  const events = new EventEmitter<SimulatorEventMap>();
  const stats = new PublishStats();
  const refused: { device: string; reason: string }[] = [];
  const rng = createRng(options.seed);
  const runtime: SimulatorRuntime = {
    url: options.url,
    stats,
    logger,
    rng,
    now: Date.now,
    onRefused: (device, reason) => {
      refused.push({ device, reason });
      events.emit('connection-refused', { device, reason });
    },
  };
  reportSkipped(plan, logger);

  const fleet = new Fleet(options.sites, plan, runtime, gb26875);
  // the pictures the platform fetches when an alarm opens (视频复核), where the file points here
  const cameras = await startLocalCameras(options.sites, logger);
  await connectAll(fleet);
  const online = fleet.connections.filter((c) => c.isOnline).length;
  logger.info(
    {
      url: options.url,
      connections: fleet.connections.length,
      online,
      refused: refused.length,
      rate,
      scenario: scenario.name,
    },
    'simulator connected',
  );

  const scheduler = new TelemetryScheduler({ rate, sources: fleet.telemetrySources() });
  scheduler.start();

  const abort = new AbortController();
  const play = (played: Scenario): Promise<boolean> =>
    playScenario(played, {
      fleet,
      rng,
      logger,
      speed,
      signal: abort.signal,
      events,
      quiet: played === normalScenario,
    });
  const background = scenario === normalScenario ? [] : [play(normalScenario)];
  const scenarioDone = play(scenario).then((finished) => {
    if (finished && scenario.once) events.emit('scenario-end', { scenario: scenario.name, at: Date.now() });
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      abort.abort();
      scheduler.stop();
      // Close before awaiting the scenarios: one may be waiting on a reconnect that only a close ends.
      await Promise.allSettled(fleet.connections.map((connection) => connection.close()));
      await Promise.allSettled([scenarioDone, ...background]);
      await Promise.allSettled(cameras.map((camera) => camera.close()));
      logger.info(stats.snapshot(), 'simulator stopped');
    })();
    return stopping;
  };

  const currentStats = (): SimulatorStats => ({
    ...stats.snapshot(),
    connections: {
      total: fleet.connections.length,
      online: fleet.connections.filter((c) => c.isOnline).length,
      refused: [...refused],
    },
    skipped: plan.skipped.map(({ id, reason }) => ({ id, reason })),
  });

  return { scenario, events, scenarioDone, stats: currentStats, stop };
}

/** Where the GB/T 26875.3 panels connect: the broker's host (or `gb26875Host`) and `gb26875Port`. */
function gb26875Endpoint(options: StartSimulatorOptions): Gb26875Endpoint | undefined {
  if (options.gb26875Port === undefined) return undefined;
  let host = options.gb26875Host;
  if (host === undefined) {
    try {
      host = new URL(options.url).hostname || 'localhost';
    } catch {
      host = 'localhost';
    }
  }
  return { host, port: options.gb26875Port };
}

async function connectAll(fleet: Fleet): Promise<void> {
  const outcomes: Promise<void>[] = [];
  for (const [index, connection] of fleet.connections.entries()) {
    outcomes.push(connection.connect());
    if ((index + 1) % CONNECT_BATCH === 0) await yieldToEventLoop();
  }
  await Promise.all(outcomes);
}

function reportSkipped(plan: FleetPlan, logger: Logger): void {
  for (const skipped of plan.skipped.filter((s) => s.severity === 'warn')) {
    logger.warn({ device: skipped.id, reason: skipped.reason }, 'device skipped');
  }
  const quiet = plan.skipped.filter((s) => s.severity === 'info');
  if (quiet.length > 0)
    logger.info({ devices: quiet.map((s) => s.id) }, `${quiet.length} device(s) not simulated`);
}
