import type { NativeDeviceSimulator } from '../devices/native-device';
import { pickOne, shuffled } from '../util/random';
import type { Scenario } from './scenario';
import { ScenarioUnavailableError } from './scenario-unavailable-error';

const DROPPED_DEVICES = 3;

export const deviceOfflineScenario: Scenario = {
  name: 'device-offline',
  description:
    'a few devices lose power without a clean disconnect (the broker publishes their will {"online": false}) and a Zigbee device behind a bridge becomes unavailable; they stay down',
  once: true,
  async run(context) {
    const { fleet, rng } = context;
    const victims = pickVariedKinds(shuffled(rng, fleet.onlineNatives()), DROPPED_DEVICES);
    const zigbeeChild = pickOne(rng, fleet.onlineZigbeeChildren());
    if (victims.length === 0 && !zigbeeChild)
      throw new ScenarioUnavailableError('device-offline', 'no online device to take down');
    for (const victim of victims) {
      victim.dropUngracefully();
      context.step('device_dropped', { device: victim.id, kind: victim.device.kind, school: victim.school });
      await context.sleep(2_000);
    }
    if (zigbeeChild?.setAvailable(false)) {
      context.step('zigbee_device_unavailable', {
        device: zigbeeChild.id,
        bridge: zigbeeChild.bridgeId,
        name: zigbeeChild.friendlyName,
      });
    }
  },
};

/** Up to `count` devices, of different kinds where the fleet allows. */
function pickVariedKinds(candidates: NativeDeviceSimulator[], count: number): NativeDeviceSimulator[] {
  const firstOfEachKind = candidates.filter(
    (c, i) => candidates.findIndex((o) => o.device.kind === c.device.kind) === i,
  );
  const rest = candidates.filter((c) => !firstOfEachKind.includes(c));
  return [...firstOfEachKind, ...rest].slice(0, count);
}
