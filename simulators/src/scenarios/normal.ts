import { isSchoolOpenAt } from '../time/school-hours';
import { between, intBetween, pickOne } from '../util/random';
import { unrestrictedZone } from './choose';
import type { Scenario, ScenarioContext } from './scenario';

/**
 * Background life of a province. Telemetry itself comes from the telemetry scheduler, which runs
 * under every scenario; this adds the ordinary events.
 */
export const normalScenario: Scenario = {
  name: 'normal',
  description:
    'steady telemetry at --rate, patrol check-ins now and then, people walking through unrestricted camera zones during school hours; nothing alarming',
  once: false,
  async run(context) {
    await Promise.all([patrolRounds(context), daytimeFootTraffic(context)]);
  },
};

async function patrolRounds(context: ScenarioContext): Promise<void> {
  const { fleet, rng } = context;
  for (;;) {
    await context.sleep(between(rng, 20_000, 60_000));
    const checkpoint = pickOne(rng, fleet.onlineNatives(['patrol_checkpoint']));
    if (!checkpoint) continue;
    const guard = `guard-${intBetween(rng, 1, 4)}`;
    checkpoint.publishEvent('patrol_checkin', {
      guard,
      checkpoint: checkpoint.device.location?.room ?? checkpoint.id,
    });
    context.step('patrol_checkin', { device: checkpoint.id, guard });
  }
}

async function daytimeFootTraffic(context: ScenarioContext): Promise<void> {
  const { fleet, rng } = context;
  for (;;) {
    await context.sleep(between(rng, 30_000, 90_000));
    // Outside school hours any person on camera is an intrusion, so normal traffic stays in daytime.
    const openCameras = fleet.onlineCameras().filter((camera) => {
      const school = fleet.school(camera.device.org.school);
      return school !== undefined && isSchoolOpenAt(school.hours, fleet.timezone, context.now());
    });
    const camera = pickOne(rng, openCameras);
    if (!camera) continue;
    const zone = unrestrictedZone(camera.device.restrictedZones, rng);
    context.step('person_passing', { camera: camera.device.id, zone });
    await camera.nvr.trackObject(
      { camera, label: 'person', zones: [zone], updates: 2, gapMs: 1_500 },
      context.sleep,
    );
  }
}
