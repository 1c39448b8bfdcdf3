import { parseArgs } from 'node:util';
import { DEFAULT_RATE } from '../simulator-options';
import { SCENARIO_NAMES } from '../scenarios/registry';
import { parseDurationMs } from './duration';

export interface CliOptions {
  sitesPath: string;
  url: string;
  rate: number;
  scenario: string;
  durationMs?: number;
  schools?: string[];
  secret?: string;
  speed: number;
  seed?: number;
  gb26875Port?: number;
  list: boolean;
  help: boolean;
}

/** A mistake on the command line: printed with the usage, exit code 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export const USAGE = `usage: npm run simulate -- [options]

  --sites FILE        sites file (default: the built-in demo province)
  --url URL           broker (default: $MQTT_URL or mqtt://localhost:$MQTT_PORT, port 1883)
  --rate N            telemetry messages per second across the fleet (default ${DEFAULT_RATE})
  --scenario NAME     ${SCENARIO_NAMES.join(' | ')} (default normal)
  --duration TIME     stop after TIME (e.g. 60s, 5m); default: run until Ctrl-C
  --schools A,B       only these school codes
  --secret S          password for devices whose sites entry has only a secretHash
  --speed X           run scenario steps X times faster (default 1)
  --seed N            seed the randomness to replay a run
  --gb26875-port N    the gateway's GB26875_PORT: simulate gb26875 fire-alarm panels over TCP
                      (default: $GB26875_PORT; panels are skipped without it)
  --list              list the scenarios and exit
  --help              this text`;

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv, defaultSitesPath: string): CliOptions {
  const { values, positionals } = parseOrExplain(argv);
  if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
  const scenario = values.scenario ?? 'normal';
  if (!values.list && !values.help && !SCENARIO_NAMES.includes(scenario)) {
    throw new CliUsageError(
      `unknown scenario "${scenario}"; choose one of: ${SCENARIO_NAMES.join(', ')} (--list describes them)`,
    );
  }
  return {
    sitesPath: values.sites ?? defaultSitesPath,
    url: values.url ?? env['MQTT_URL'] ?? `mqtt://localhost:${env['MQTT_PORT'] || 1883}`,
    rate:
      values.rate === undefined
        ? DEFAULT_RATE
        : parseNumber('--rate', values.rate, { min: 0, what: 'messages per second, ≥ 0' }),
    scenario,
    durationMs: values.duration === undefined ? undefined : parseDuration(values.duration),
    schools: values.schools === undefined ? undefined : parseSchools(values.schools),
    secret: values.secret,
    speed:
      values.speed === undefined
        ? 1
        : parseNumber('--speed', values.speed, { min: Number.MIN_VALUE, what: 'a factor > 0' }),
    seed:
      values.seed === undefined
        ? undefined
        : parseNumber('--seed', values.seed, { min: 0, what: 'a whole number ≥ 0', integer: true }),
    gb26875Port: parseGb26875Port(values['gb26875-port'] ?? env['GB26875_PORT']),
    list: values.list ?? false,
    help: values.help ?? false,
  };
}

function parseOrExplain(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        sites: { type: 'string' },
        url: { type: 'string' },
        rate: { type: 'string' },
        scenario: { type: 'string' },
        duration: { type: 'string' },
        schools: { type: 'string' },
        secret: { type: 'string' },
        speed: { type: 'string' },
        seed: { type: 'string' },
        'gb26875-port': { type: 'string' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
}

function parseNumber(
  flag: string,
  text: string,
  rule: { min: number; what: string; integer?: boolean; max?: number },
): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  const tooBig = rule.max !== undefined && value > rule.max;
  if (!Number.isFinite(value) || value < rule.min || tooBig || (rule.integer && !Number.isInteger(value))) {
    throw new CliUsageError(`${flag} must be ${rule.what}, got "${text}"`);
  }
  return value;
}

function parseGb26875Port(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return parseNumber('--gb26875-port', text, {
    min: 1,
    what: 'a TCP port 1–65535',
    integer: true,
    max: 65535,
  });
}

function parseDuration(text: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined)
    throw new CliUsageError(`--duration must look like 60s, 5m, 1h or 500ms, got "${text}"`);
  return ms;
}

function parseSchools(text: string): string[] {
  const codes = text
    .split(',')
    .map((code) => code.trim())
    .filter((code) => code !== '');
  if (codes.length === 0) throw new CliUsageError('--schools needs at least one school code');
  return codes;
}
