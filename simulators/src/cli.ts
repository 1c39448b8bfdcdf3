import { DEMO_SITES_PATH } from '@campus/device-protocols';
import { CliUsageError, parseCliArgs, USAGE, type CliOptions } from './cli/cli-args';
import { loadSitesFile, SitesLoadError } from './cli/load-sites-file';
import { SCENARIOS } from './scenarios/registry';
import { startSimulator } from './simulator';
import type { SimulatorHandle } from './simulator-options';

/** After a stop, anything still holding the event loop gets this long before the process exits anyway. */
const EXIT_GRACE_MS = 3_000;

async function main(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv, process.env, DEMO_SITES_PATH);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`simulate: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.list) {
    process.stdout.write(listScenarios());
    return 0;
  }

  let handle: SimulatorHandle;
  try {
    const sites = await loadSitesFile(options.sitesPath);
    handle = await startSimulator({
      sites,
      url: options.url,
      rate: options.rate,
      scenario: options.scenario,
      schools: options.schools,
      secretOverride: options.secret,
      speed: options.speed,
      seed: options.seed,
      gb26875Port: options.gb26875Port,
    });
  } catch (error) {
    process.stderr.write(`simulate: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof SitesLoadError ? 1 : 2;
  }
  await runUntilStopped(handle, options);
  return 0;
}

function listScenarios(): string {
  const width = Math.max(...SCENARIOS.map((s) => s.name.length));
  const lines = SCENARIOS.map(
    (s) => `  ${s.name.padEnd(width)}  ${s.once ? '(once)      ' : '(continuous)'}  ${s.description}`,
  );
  return `scenarios (each runs on top of normal background traffic):\n${lines.join('\n')}\n`;
}

function runUntilStopped(handle: SimulatorHandle, options: CliOptions): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    let durationTimer: NodeJS.Timeout | undefined;
    const stop = (why: string): void => {
      if (stopping) return;
      stopping = true;
      clearTimeout(durationTimer);
      process.stderr.write(`simulate: stopping (${why})\n`);
      void handle.stop().then(() => {
        process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
        setTimeout(() => process.exit(0), EXIT_GRACE_MS).unref();
        resolve();
      });
    };
    const onSignal = (signal: NodeJS.Signals): void => stop(signal);
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
    if (options.durationMs !== undefined)
      durationTimer = setTimeout(() => stop('duration reached'), options.durationMs);
    if (handle.scenario.once) {
      void handle.scenarioDone.then(() => {
        if (!stopping)
          process.stderr.write(
            `simulate: scenario ${handle.scenario.name} is over; normal traffic goes on until stopped (Ctrl-C)\n`,
          );
      });
    }
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `simulate: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
