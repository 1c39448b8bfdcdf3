import { randomBytes, scrypt } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface LoadDevice {
  id: string;
  secret: string;
}

/**
 * The documented `scrypt$N$r$p$salt$hash` at production cost (see docs/sites-file.md), derived on
 * the thread pool so that hashing hundreds does not stall the test.
 */
function hashSecretOffLoop(secret: string): Promise<string> {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, 32, { N: 16384, r: 8, p: 1 }, (err, key) =>
      err
        ? reject(err)
        : resolve(['scrypt', 16384, 8, 1, salt.toString('base64'), key.toString('base64')].join('$')),
    ),
  );
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
  const credential = counts.hashedSensors
    ? await Promise.all(sensors.map(async (d) => `secretHash: '${await hashSecretOffLoop(d.secret)}'`))
    : sensors.map((d) => `secret: '${d.secret}'`);
  const lines = [
    "province: { code: '610000', name: '陕西省', timezone: 'Asia/Shanghai' }",
    'cities:',
    "  - code: '610100'",
    '    name: 西安市',
    '    counties:',
    "      - code: '610113'",
    '        name: 雁塔区',
    '        schools:',
    `          - code: '${SCHOOL}'`,
    '            name: 雁塔区第一小学',
    '            devices:',
    ...sensors.flatMap((d, i) => [
      `              - id: ${d.id}`,
      '                kind: temperature_sensor',
      `                ${credential[i]}`,
      "                location: { building: '教学楼', floor: 1, room: '101', use: classroom }",
    ]),
    ...detectors.flatMap((d) => [
      `              - id: ${d.id}`,
      '                kind: smoke_detector',
      `                secret: '${d.secret}'`,
      "                location: { building: '实验楼', floor: 2, room: '化学实验室', use: lab }",
      '                risk: red',
    ]),
    'users:',
    `  - { username: ${officer.username}, password: '${officer.password}', role: county_officer, org: '610113' }`,
    '',
  ];
  const path = join(dir, 'load-province.yaml');
  await writeFile(path, lines.join('\n'));
  return { path, school: SCHOOL, sensors, detectors, officer };
}
