import { choose } from './choose';
import type { Scenario } from './scenario';
import { ScenarioUnavailableError } from './scenario-unavailable-error';

const HALF_PERIOD_MS = 2_000;

export const flappingScenario: Scenario = {
  name: 'flapping',
  description:
    'one device drops (will {"online": false}) and reconnects ({"online": true}) every couple of seconds until stopped',
  once: false,
  async run(context) {
    const { fleet, rng } = context;
    // A battery sensor on a weak link is the classic flapper; cameras rarely are.
    const device = choose(fleet.onlineNatives(), (n) => (n.device.kind === 'camera' ? 0 : 1), rng);
    if (!device) throw new ScenarioUnavailableError('flapping', 'no online native device');
    context.step('flapping_started', { device: device.id, kind: device.device.kind });
    for (let cycle = 1; ; cycle++) {
      await context.sleep(HALF_PERIOD_MS);
      device.dropUngracefully();
      context.step('went_offline', { device: device.id, cycle });
      await context.sleep(HALF_PERIOD_MS);
      await device.reconnect();
      context.step('came_online', { device: device.id, cycle, online: device.isOnline });
    }
  },
};
