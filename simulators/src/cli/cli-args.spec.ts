import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from './cli-args';
import { parseDurationMs } from './duration';

const DEMO = '/demo/province.yaml';

describe('simulate command line', () => {
  it('has defaults: demo sites, local broker on MQTT_PORT, normal scenario, rate 20', () => {
    expect(parseCliArgs([], {}, DEMO)).toMatchObject({
      sitesPath: DEMO,
      url: 'mqtt://localhost:1883',
      scenario: 'normal',
      rate: 20,
      speed: 1,
      list: false,
    });
    expect(parseCliArgs([], { MQTT_PORT: '2883' }, DEMO).url).toBe('mqtt://localhost:2883');
    expect(parseCliArgs([], { MQTT_URL: 'mqtt://broker:1884', MQTT_PORT: '2883' }, DEMO).url).toBe(
      'mqtt://broker:1884',
    );
  });

  it('reads every option', () => {
    const options = parseCliArgs(
      [
        '--sites',
        'a.yaml',
        '--rate',
        '150',
        '--scenario',
        'fire-in-lab',
        '--url',
        'mqtt://x:1',
        '--duration',
        '2m',
        '--schools',
        '2161010001, 2161010002',
        '--secret',
        's',
        '--speed',
        '10',
        '--seed',
        '4',
      ],
      {},
      DEMO,
    );
    expect(options).toEqual({
      sitesPath: 'a.yaml',
      url: 'mqtt://x:1',
      rate: 150,
      scenario: 'fire-in-lab',
      durationMs: 120_000,
      schools: ['2161010001', '2161010002'],
      secret: 's',
      speed: 10,
      seed: 4,
      list: false,
      help: false,
    });
  });

  it('reads the GB/T 26875.3 port from --gb26875-port or GB26875_PORT, and refuses a bad one', () => {
    expect(parseCliArgs([], {}, DEMO).gb26875Port).toBeUndefined();
    expect(parseCliArgs([], { GB26875_PORT: '6000' }, DEMO).gb26875Port).toBe(6000);
    expect(parseCliArgs(['--gb26875-port', '7000'], { GB26875_PORT: '6000' }, DEMO).gb26875Port).toBe(7000);
    expect(() => parseCliArgs(['--gb26875-port', '70000'], {}, DEMO)).toThrow(
      /--gb26875-port must be a TCP port/,
    );
    expect(() => parseCliArgs(['--gb26875-port', 'x'], {}, DEMO)).toThrow(CliUsageError);
  });

  it('names the scenarios when the one asked for does not exist', () => {
    expect(() => parseCliArgs(['--scenario', 'earthquake'], {}, DEMO)).toThrow(
      /unknown scenario "earthquake"; choose one of: normal, fire-in-lab, night-intrusion, device-offline, flapping/,
    );
  });

  it.each(['-1', 'abc', '', 'Infinity', '1e999'])('refuses rate %j', (rate) => {
    expect(() => parseCliArgs(['--rate', rate], {}, DEMO)).toThrow(CliUsageError);
  });

  it('refuses unknown options, stray arguments and bad durations', () => {
    expect(() => parseCliArgs(['--rte', '5'], {}, DEMO)).toThrow(CliUsageError);
    expect(() => parseCliArgs(['fire'], {}, DEMO)).toThrow(/unexpected argument "fire"/);
    expect(() => parseCliArgs(['--duration', 'soon'], {}, DEMO)).toThrow(/--duration/);
  });

  it('--list needs no valid scenario', () => {
    expect(parseCliArgs(['--list'], {}, DEMO).list).toBe(true);
  });
});

describe('durations', () => {
  it.each([
    ['60s', 60_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['500ms', 500],
    ['90', 90_000],
    ['1.5m', 90_000],
  ])('%s → %d ms', (text, ms) => expect(parseDurationMs(text)).toBe(ms));

  it.each(['', '0s', '-5s', '5d', 's'])('refuses %j', (text) =>
    expect(parseDurationMs(text)).toBeUndefined(),
  );
});
