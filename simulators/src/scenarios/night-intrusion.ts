import type { FrigateCamera } from '../devices/frigate-nvr';
import type { NativeDeviceSimulator } from '../devices/native-device';
import type { ZigbeeChildDevice } from '../devices/zigbee2mqtt-bridge';
import { choose, preferenceScore } from './choose';
import type { Scenario, ScenarioContext } from './scenario';
import { ScenarioUnavailableError } from './scenario-unavailable-error';

interface IntrusionCast {
  school: string;
  camera?: FrigateCamera;
  zone?: string;
  accessControl?: NativeDeviceSimulator;
  door?: ZigbeeChildDevice;
}

export const nightIntrusionScenario: Scenario = {
  name: 'night-intrusion',
  description:
    'a break-in: a Frigate person entering a restricted zone, a native door_forced from an access controller, and a Zigbee2MQTT door contact opening (closed again later)',
  once: true,
  async run(context) {
    const cast = castIntrusion(context);
    context.step('cast', {
      school: cast.school,
      camera: cast.camera?.device.id,
      zone: cast.zone,
      accessControl: cast.accessControl?.id,
      door: cast.door?.id,
    });
    await playIntrusion(context, cast);
  },
};

function castIntrusion(context: ScenarioContext): IntrusionCast {
  const { fleet, rng } = context;
  // Prefer the school that can show all three signals.
  const schoolScore = (school: string): number =>
    (fleet.onlineNatives(['access_control'], school).length > 0 ? 1 : 0) +
    (fleet.onlineZigbeeChildren(['door_contact'], school).length > 0 ? 1 : 0);
  const watched = fleet.onlineCameras().filter((camera) => (camera.device.restrictedZones?.length ?? 0) > 0);
  const camera = choose(watched, (c) => schoolScore(c.device.org.school), rng);
  const school =
    camera?.device.org.school ??
    fleet.onlineNatives(['access_control'])[0]?.school ??
    fleet.onlineZigbeeChildren(['door_contact'])[0]?.school;
  if (!school)
    throw new ScenarioUnavailableError(
      'night-intrusion',
      'no online camera with restricted zones, access controller or Zigbee door contact',
    );
  const zones = camera?.device.restrictedZones ?? [];
  return {
    school,
    camera,
    zone: zones[Math.floor(rng() * zones.length)],
    accessControl: choose(
      fleet.onlineNatives(['access_control'], school),
      (a) => preferenceScore(a.device, { use: 'gate' }),
      rng,
    ),
    door: choose(
      fleet.onlineZigbeeChildren(['door_contact'], school),
      (d) => preferenceScore(d.device, { use: 'gate' }),
      rng,
    ),
  };
}

async function playIntrusion(context: ScenarioContext, cast: IntrusionCast): Promise<void> {
  const { camera, zone, accessControl, door } = cast;
  let personTrack: Promise<unknown> = Promise.resolve();
  if (camera && zone) {
    context.step('frigate_person_restricted_zone', { camera: camera.device.id, nvr: camera.nvr.id, zone });
    personTrack = camera.nvr.trackObject(
      { camera, label: 'person', zones: [zone], updates: 2, gapMs: 3_000 },
      context.sleep,
    );
  } else
    context.step('skipped', { what: 'Frigate person', reason: 'no online camera with restricted zones' });

  await context.sleep(3_000);
  if (accessControl) {
    accessControl.publishEvent('door_forced', {
      door: accessControl.device.location?.room ?? accessControl.id,
    });
    context.step('door_forced', { device: accessControl.id });
  } else
    context.step('skipped', { what: 'door_forced', reason: `no online access_control in ${cast.school}` });

  await context.sleep(2_000);
  if (door?.setFlags({ contact: false }))
    context.step('door_opened', { device: door.id, bridge: door.bridgeId });
  else
    context.step('skipped', {
      what: 'Zigbee door contact',
      reason: `no online Zigbee door_contact in ${cast.school}`,
    });

  await personTrack;
  await context.sleep(15_000);
  if (door?.setFlags({ contact: true })) context.step('door_closed', { device: door.id });
}
