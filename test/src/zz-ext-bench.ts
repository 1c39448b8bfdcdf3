import mqtt from 'mqtt';
import { startMosquitto } from '@campus/test-kit';
import { startTestGateway } from './testing/test-gateway';
const broker = await startMosquitto();
const gw = await startTestGateway({ MQTT_URL: broker.url });
process.stderr.write('started\n');
const pub = await mqtt.connectAsync(broker.url, { protocolVersion: 4 });
const N = 300;
const base = Date.now() - 100000;
const t0 = Date.now();
let acked = 0;
const all = Promise.all(
  Array.from({ length: N }, (_, i) =>
    pub
      .publishAsync(
        'campus/v1/2161010001/tmp-0001/telemetry',
        JSON.stringify({ ts: base + i, metrics: { t: i } }),
        { qos: 1 },
      )
      .then(() => acked++),
  ),
);
for (let k = 0; k < 40; k++) {
  const c = (await gw.sink.countPoints('tmp-0001')).telemetry;
  process.stderr.write(`t=${Date.now() - t0} acked=${acked} stored=${c}\n`);
  if (c >= N) break;
  await new Promise((r) => setTimeout(r, 500));
}
await all;
await pub.endAsync();
await gw.dispose();
await broker.stop();
