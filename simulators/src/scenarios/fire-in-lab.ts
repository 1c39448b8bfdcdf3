import type { FrigateCamera } from '../devices/frigate-nvr';
import type { NativeDeviceSimulator } from '../devices/native-device';
import type { ZigbeeChildDevice } from '../devices/zigbee2mqtt-bridge';
import type { Gb26875PanelSimulator } from '../gb26875/gb26875-panel';
import { roundTo } from '../util/random';
import { choose, preferenceScore, unrestrictedZone } from './choose';
import type { Scenario, ScenarioContext } from './scenario';
import { ScenarioUnavailableError } from './scenario-unavailable-error';

const RAMP_SECONDS = 20;
/** Long enough above the 57 °C threshold for the 10 s heat rule, with the other alarms inside it. */
const HOLD_SECONDS = 14;
const PEAK_CELSIUS = 68;
const HEAT_THRESHOLD_CELSIUS = 57;

type HeatSource = NativeDeviceSimulator | ZigbeeChildDevice;

interface FireCast {
  school: string;
  smoke?: NativeDeviceSimulator;
  heat?: HeatSource;
  zigbeeSmoke?: ZigbeeChildDevice;
  camera?: FrigateCamera;
  /** The school's GB/T 26875.3 fire-alarm panel, when panels are simulated. */
  panel?: Gb26875PanelSimulator;
}

export const fireInLabScenario: Scenario = {
  name: 'fire-in-lab',
  description:
    "a fire in one school's lab: temperature climbs past 57 °C over ~20 s, then a native smoke event from a red-risk smoke detector, the school's GB/T 26875.3 fire-alarm panel reporting a smoke detector in alarm (when panels are simulated), a Zigbee2MQTT smoke detector reporting smoke, and a Frigate `fire` detection",
  once: true,
  async run(context) {
    const cast = castFire(context);
    context.step('cast', {
      school: cast.school,
      heat: cast.heat?.id,
      smoke: cast.smoke?.id,
      zigbeeSmoke: cast.zigbeeSmoke?.id,
      camera: cast.camera?.device.id,
      panel: cast.panel?.id,
    });
    await playFire(context, cast);
  },
};

function castFire(context: ScenarioContext): FireCast {
  const { fleet, rng } = context;
  const smoke = choose(
    fleet.onlineNatives(['smoke_detector']),
    (s) => preferenceScore(s.device, { risk: 'red', use: 'lab' }),
    rng,
  );
  const school =
    smoke?.school ??
    fleet.onlineZigbeeChildren(['smoke_detector'])[0]?.school ??
    fleet.onlineNatives(['temperature_sensor', 'heat_detector'])[0]?.school;
  if (!school)
    throw new ScenarioUnavailableError('fire-in-lab', 'no online smoke, heat or temperature device');
  const near = smoke?.device;
  const heatKinds = ['heat_detector', 'temperature_sensor'] as const;
  const heatCandidates: HeatSource[] = [
    ...fleet.onlineNatives(heatKinds, school),
    ...fleet.onlineZigbeeChildren(heatKinds, school),
  ].filter((source) => source.metrics.has('temperature'));
  return {
    school,
    smoke,
    heat: choose(heatCandidates, (h) => preferenceScore(h.device, { use: 'lab', near }), rng),
    zigbeeSmoke: choose(
      fleet.onlineZigbeeChildren(['smoke_detector'], school),
      (z) => preferenceScore(z.device, { use: 'lab', near }),
      rng,
    ),
    camera: choose(fleet.onlineCameras(school), (c) => preferenceScore(c.device, { use: 'lab', near }), rng),
    panel: fleet.onlinePanels(school)[0],
  };
}

async function playFire(context: ScenarioContext, cast: FireCast): Promise<void> {
  const { heat } = cast;
  const startCelsius = heat?.metrics.current('temperature') ?? 22;
  let crossed = false;
  let fireTrack: Promise<unknown> = Promise.resolve();
  let panelAlarm: Promise<unknown> = Promise.resolve();
  context.step('heat_rising', { device: heat?.id ?? null, from: startCelsius });
  try {
    for (let second = 1; second <= RAMP_SECONDS + HOLD_SECONDS; second++) {
      const celsius =
        second <= RAMP_SECONDS
          ? startCelsius + ((PEAK_CELSIUS - startCelsius) * second) / RAMP_SECONDS
          : PEAK_CELSIUS + context.rng() * 2 - 1;
      if (heat) {
        heat.metrics.pin('temperature', roundTo(celsius, 1));
        heat.reportTelemetry();
        if (!crossed && celsius >= HEAT_THRESHOLD_CELSIUS) {
          crossed = true;
          context.step('heat_threshold_crossed', { device: heat.id, temperature: roundTo(celsius, 1) });
        }
      }
      if (second === RAMP_SECONDS + 1) raiseNativeSmoke(context, cast);
      if (second === RAMP_SECONDS + 2) panelAlarm = raisePanelAlarm(context, cast);
      if (second === RAMP_SECONDS + 3) raiseZigbeeSmoke(context, cast);
      if (second === RAMP_SECONDS + 5) fireTrack = showFireOnCamera(context, cast);
      await context.sleep(1_000);
    }
    await Promise.all([fireTrack, panelAlarm]);
  } finally {
    heat?.metrics.release('temperature');
    cast.smoke?.metrics.release('smoke_obscuration');
  }
  if (cast.zigbeeSmoke?.setFlags({ smoke: false }))
    context.step('zigbee_smoke_cleared', { device: cast.zigbeeSmoke.id });
}

function raiseNativeSmoke(context: ScenarioContext, { smoke }: FireCast): void {
  if (!smoke)
    return context.step('skipped', { what: 'native smoke event', reason: 'no online native smoke_detector' });
  const obscuration = roundTo(6 + context.rng() * 4, 2);
  smoke.metrics.pin('smoke_obscuration', obscuration);
  smoke.reportTelemetry();
  smoke.publishEvent('smoke', { obscuration_pct_per_m: obscuration });
  context.step('smoke_event', { device: smoke.id, risk: smoke.device.risk ?? null });
}

function raiseZigbeeSmoke(context: ScenarioContext, { zigbeeSmoke, school }: FireCast): void {
  if (!zigbeeSmoke)
    return context.step('skipped', {
      what: 'Zigbee2MQTT smoke',
      reason: `no online Zigbee smoke_detector in ${school}`,
    });
  zigbeeSmoke.setFlags({ smoke: true });
  context.step('zigbee_smoke', { device: zigbeeSmoke.id, bridge: zigbeeSmoke.bridgeId });
}

async function raisePanelAlarm(context: ScenarioContext, { panel, school }: FireCast): Promise<void> {
  if (!panel)
    return context.step('skipped', {
      what: 'GB/T 26875.3 panel alarm',
      reason: `no online gb26875 panel in ${school}`,
    });
  // Loop 2, address 10: the lab's smoke detector on the building's fire-alarm controller.
  const confirmed = await panel.raiseSmokeAlarm(2, 10, 'lab smoke detector');
  context.step('panel_fire_alarm', { device: panel.id, confirmed });
}

async function showFireOnCamera(context: ScenarioContext, { camera, school }: FireCast): Promise<void> {
  if (!camera)
    return context.step('skipped', { what: 'Frigate fire', reason: `no online Frigate camera in ${school}` });
  context.step('frigate_fire', { camera: camera.device.id, nvr: camera.nvr.id });
  const zones = [unrestrictedZone(camera.device.restrictedZones, context.rng)];
  await camera.nvr.trackObject({ camera, label: 'fire', zones, updates: 2, gapMs: 2_000 }, context.sleep);
}
