import { isWithinSchoolHours } from '@campus/device-protocols';
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
    'steady telemetry at --rate, patrol check-ins now and then, each one-key alarm self-tested once (its monthly test), people walking through unrestricted camera zones during school hours; nothing alarming',
  once: false,
  async run(context) {
    await Promise.all([patrolRounds(context), oneKeyAlarmTests(context), daytimeFootTraffic(context)]);
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

/**
 * 一键报警 must be tested every month (the inspection checklist asks for it): each one-key alarm
 * presses its test button once, a few seconds apart, early in the run. A `test` event raises no alert.
 */
async function oneKeyAlarmTests(context: ScenarioContext): Promise<void> {
  const { fleet, rng } = context;
  await context.sleep(between(rng, 5_000, 15_000));
  for (const alarm of fleet.onlineNatives(['one_key_alarm'])) {
    alarm.publishEvent('test', { by: `guard-${intBetween(rng, 1, 4)}` });
    context.step('one_key_alarm_test', { device: alarm.id });
    await context.sleep(between(rng, 2_000, 6_000));
  }
}

async function daytimeFootTraffic(context: ScenarioContext): Promise<void> {
  const { fleet, rng } = context;
  for (;;) {
    await context.sleep(between(rng, 30_000, 90_000));
    // Outside school hours any person on camera is an intrusion, so normal traffic stays in daytime.
    const openCameras = fleet.onlineCameras().filter((camera) => {
      const school = fleet.school(camera.device.org.school);
      return school !== undefined && isWithinSchoolHours(school.hours, fleet.timezone, context.now());
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
