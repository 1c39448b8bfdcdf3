import { loadGatewayConfig, loadSites, startGateway } from '@campus/ingest';
import { Cleanups } from './context';
import { DEVICE, DEVICE_SECRET, SITES_PATH, TELEMETRY_TOPIC, silentLogger, tempDir, timestampAllocator } from './fixtures';
import { GatewayProbe } from './gateway-probe';
import { timeMs } from './measure';
import { connectClient, publishReadings } from './mqtt-load';

const N = 20_000;
for (const env of [{}, { BATCH_MAX_AGE_MS: '10' }, { BATCH_MAX_POINTS: '500' }, { BATCH_MAX_AGE_MS: '1000' }]) {
  const cleanups = new Cleanups();
  const dataDir = await tempDir(cleanups, 'exp');
  const config = loadGatewayConfig({ PORT: '0', MQTT_PORT: '0', MQTT_WS_PORT: '0', DATA_DIR: dataDir, SITES_FILE: SITES_PATH, ...env });
  const gw = await startGateway({ config, sites: await loadSites(SITES_PATH), logger: silentLogger, host: '127.0.0.1', serveHttp: false });
  cleanups.add(() => gw.stop());
  const c = await connectClient(cleanups, `mqtt://127.0.0.1:${gw.ports.mqtt}`, DEVICE, DEVICE_SECRET);
  const next = timestampAllocator(N);
  await publishReadings(c, TELEMETRY_TOPIC, next(), 2000);
  const probe = new GatewayProbe(gw);
  const samples: number[] = [];
  for (let i = 0; i < 2; i++) samples.push(await timeMs(() => probe.during(() => publishReadings(c, TELEMETRY_TOPIC, next(), N))));
  console.log(JSON.stringify(env), samples.map((ms) => Math.round(N / (ms / 1000))), await probe.summary('embedded'));
  await cleanups.run();
}
