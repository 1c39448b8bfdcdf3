import { loadGatewayConfig, loadSites, startGateway, type GatewayHandle } from '@campus/ingest';
import { startInfluxd } from '@campus/test-kit';
import { Cleanups, resultOf, type BenchOptions, type BenchResult, type Benchmark } from './context';
import {
  DEVICE,
  DEVICE_SECRET,
  SITES_PATH,
  TELEMETRY_TOPIC,
  influxdInstalled,
  silentLogger,
  tempDir,
  timestampAllocator,
} from './fixtures';
import { GatewayProbe } from './gateway-probe';
import { measurePair, type Phase } from './measure';
import { connectClient, publishReadings, startBareAedes } from './mqtt-load';

/** A gateway on loopback port 0 with its data in a temp dir, configured as an operator would. */
async function startBenchGateway(cleanups: Cleanups, env: Record<string, string>): Promise<GatewayHandle> {
  const dataDir = await tempDir(cleanups, 'gateway');
  const config = loadGatewayConfig({
    PORT: '0',
    MQTT_PORT: '0',
    MQTT_WS_PORT: '0',
    DATA_DIR: dataDir,
    SITES_FILE: SITES_PATH,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const sites = await loadSites(config.sitesFile);
  const gateway = await startGateway({
    config,
    sites,
    logger: silentLogger,
    host: '127.0.0.1',
    serveHttp: false,
  });
  cleanups.add(() => gateway.stop());
  return gateway;
}

/**
 * N QoS 1 readings from one mqtt.js client, timed until the last PUBACK: through the gateway
 * (PUBACK once durable in the sink) against a bare aedes broker (PUBACK only), alternating.
 */
async function compareIngest(
  label: string,
  env: Record<string, string>,
  { quick, note }: BenchOptions,
): Promise<BenchResult> {
  const count = quick ? 2_000 : 20_000;
  const warmCount = Math.max(500, count / 10);
  const cleanups = new Cleanups();
  try {
    const bareUrl = await startBareAedes(cleanups);
    const gateway = await startBenchGateway(cleanups, env);
    const bare = await connectClient(cleanups, bareUrl, DEVICE, DEVICE_SECRET);
    const device = await connectClient(
      cleanups,
      `mqtt://127.0.0.1:${gateway.ports.mqtt}`,
      DEVICE,
      DEVICE_SECRET,
    );
    const nextBase = timestampAllocator(count);
    const probe = new GatewayProbe(gateway);
    let sent = 0;
    const toGateway = async (phase: Phase) => {
      const n = phase === 'warmup' ? warmCount : count;
      const publish = () => publishReadings(device, TELEMETRY_TOPIC, nextBase(), n);
      if (phase === 'measure') await probe.during(publish);
      else await publish().then(() => probe.begin()); // the warm-up is not timed
      sent += n;
    };
    const toBare = (phase: Phase) =>
      publishReadings(bare, TELEMETRY_TOPIC, nextBase(), phase === 'warmup' ? warmCount : count);
    const timing = await measurePair(toBare, toGateway, { ops: count, warmup: 1, reps: quick ? 1 : 3 });
    note(await probe.summary(`gateway ${label}`));
    await gateway.writer.whenDrained();
    const stored = (await gateway.sink.countPoints(DEVICE)).telemetry;
    if (stored !== sent) throw new Error(`gateway ${label}: ${sent} readings acknowledged, ${stored} stored`);
    return resultOf(`gateway ingest, ${label} sink (vs bare aedes)`, 'msgs/s', timing);
  } finally {
    await cleanups.run();
  }
}

export const ingestBench: Benchmark = {
  name: 'ingest',
  async run(options: BenchOptions): Promise<BenchResult[]> {
    const results = [await compareIngest('embedded', {}, options)];
    if (!influxdInstalled()) {
      options.note(
        'gateway ingest, influxdb v1 sink: skipped, /usr/bin/influxd is missing (apt-get install influxdb)',
      );
      return results;
    }
    const influxd = await startInfluxd();
    try {
      results.push(
        await compareIngest(
          'influxdb v1',
          { INFLUX_URL: influxd.url, INFLUX_DATABASE: 'bench_ingest' },
          options,
        ),
      );
    } finally {
      await influxd.stop();
    }
    return results;
  },
};
