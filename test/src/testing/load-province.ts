import { randomBytes } from 'node:crypto';
import { hashSecretOffLoop, writeSitesFile, YANTA, type DeviceEntry } from '@campus/test-kit';

export interface LoadDevice {
  id: string;
  secret: string;
}

export interface LoadProvince {
  path: string;
  school: string;
  /** Temperature sensors: the telemetry load. */
  sensors: LoadDevice[];
  /** Smoke detectors at a red risk point: each `smoke` opens its own critical alert. */
  detectors: LoadDevice[];
  /** A county officer over the school (county_officer of 雁塔区). */
  officer: { username: string; password: string };
}

const SCHOOL = '2161010001';

/**
 * A one-school province for load tests: `sensors` temperature sensors and `detectors` smoke
 * detectors with plain secrets (the sensors with their own scrypt hash each when `hashedSensors`,
 * so that no cache of verified secrets helps), and a county officer. Written to
 * `dir/load-province.yaml`.
 */
export async function writeLoadProvince(
  dir: string,
  counts: { sensors: number; detectors: number; hashedSensors?: boolean },
): Promise<LoadProvince> {
  const device = (prefix: string, i: number): LoadDevice => {
    const id = `${prefix}-${String(i + 1).padStart(4, '0')}`;
    return { id, secret: `secret-${id}-${randomBytes(4).toString('hex')}` };
  };
  const sensors = Array.from({ length: counts.sensors }, (_, i) => device('load-tmp', i));
  const detectors = Array.from({ length: counts.detectors }, (_, i) => device('load-smk', i));
  const officer = { username: 'load-county', password: 'load-county-pass' };
  const sensorEntries = await Promise.all(
    sensors.map(async (d): Promise<DeviceEntry> => ({
      id: d.id,
      kind: 'temperature_sensor',
      ...(counts.hashedSensors ? { secretHash: await hashSecretOffLoop(d.secret) } : { secret: d.secret }),
      location: { building: '教学楼', floor: 1, room: '101', use: 'classroom' },
    })),
  );
  const detectorEntries = detectors.map((d): DeviceEntry => ({
    id: d.id,
    kind: 'smoke_detector',
    secret: d.secret,
    location: { building: '实验楼', floor: 2, room: '化学实验室', use: 'lab' },
    risk: 'red',
  }));
  const path = await writeSitesFile(
    dir,
    {
      schools: [{ code: SCHOOL, name: '雁塔区第一小学', devices: [...sensorEntries, ...detectorEntries] }],
      users: [{ ...officer, role: 'county_officer', org: YANTA.code }],
    },
    'load-province.yaml',
  );
  return { path, school: SCHOOL, sensors, detectors, officer };
}
