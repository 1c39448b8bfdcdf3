import { writeSitesFile, YANTA, type DeviceEntry, type SchoolEntry } from '@campus/test-kit';

/**
 * A generated county of 40 schools for the officials' screens at scale (issue #11 "Screens that
 * scale", docs/user-guide.md "区县视图"): 雁塔区 with 40 schools under realistic names (a few long
 * ones, for the ellipsis), each with a smoke detector, a temperature sensor and a one-key alarm
 * (plain secrets, see {@link countySecret}), a county officer and one school guard; critical
 * alarms reach the county after 2 s. Every school but those of {@link UNPLACED} has coordinates
 * (`location`, for the overview map); those fall back to the map's schematic.
 */

/** Neighbourhoods and school types of 雁塔区, combined into 40 distinct names. */
const PLACES = ['曲江', '大雁塔', '长延堡', '电子城', '小寨', '丈八沟', '鱼化寨', '等驾坡', '杜城', '漳浒寨'];
const TYPES = ['第一小学', '第二小学', '实验中学', '初级中学'];
/** Long names, as real ones are ("…附属实验学校"), placed among the others. */
const LONG_NAMES: Record<number, string> = {
  3: '西安市雁塔区曲江新区第二十六中学附属实验小学',
  17: '陕西师范大学附属中学雁塔分校（长延堡校区）',
  29: '西安高新技术产业开发区第三十一初级中学电子城分校',
};

export const COUNTY_SCHOOL_COUNT = 40;
/** The schools written without a `location` (the overview map's schematic). */
export const UNPLACED: readonly number[] = [7, 18, 33];
/** Every test user's password in this file is "demo-pass" (the same scrypt hash as test-province.yaml). */
const TEST_PASSWORD_HASH =
  'scrypt$1024$8$1$1ywct9SwBW6J/5BDFFxPFQ==$85h2x0ALRQ/hBaYqXAL7KKcLASPIKuSJR0UuUucw/OA=';

export interface CountySchool {
  code: string;
  name: string;
  /** `<prefix>-smk` (red risk point: its smoke opens a critical alert), `-tmp`, `-sos`. */
  devices: { smoke: string; temperature: string; sos: string };
  /** Distinct places on a grid over 雁塔区 (WGS 84); null for {@link UNPLACED}. */
  location: { lat: number; lng: number } | null;
}

export interface GeneratedCounty {
  path: string;
  schools: CountySchool[];
  /** county_officer of 雁塔区. */
  officer: string;
  /** school_security of the first school. */
  guard: string;
}

/** The MQTT password of a generated device. */
export const countySecret = (device: string) => `secret-${device}`;

export function countySchools(): CountySchool[] {
  return Array.from({ length: COUNTY_SCHOOL_COUNT }, (_, i) => {
    const name = LONG_NAMES[i] ?? `雁塔区${PLACES[i % PLACES.length]}${TYPES[Math.floor(i / PLACES.length)]}`;
    const prefix = `c${String(i + 1).padStart(2, '0')}`;
    return {
      code: `216101${2001 + i}`,
      name,
      devices: { smoke: `${prefix}-smk`, temperature: `${prefix}-tmp`, sos: `${prefix}-sos` },
      location: UNPLACED.includes(i)
        ? null
        : {
            lat: Number((34.17 + (i % 7) * 0.011).toFixed(4)),
            lng: Number((108.88 + Math.floor(i / 7) * 0.019).toFixed(4)),
          },
    };
  });
}

/** Writes the county to `dir/county-40.yaml`. */
export async function writeCounty(dir: string): Promise<GeneratedCounty> {
  const schools = countySchools();
  const entries: SchoolEntry[] = schools.map((s) => {
    const devices: DeviceEntry[] = [
      {
        id: s.devices.smoke,
        kind: 'smoke_detector',
        secret: countySecret(s.devices.smoke),
        location: { building: '实验楼', floor: 2, room: '化学实验室', use: 'lab' },
        risk: 'red',
      },
      {
        id: s.devices.temperature,
        kind: 'temperature_sensor',
        secret: countySecret(s.devices.temperature),
        location: { building: '教学楼', floor: 1, room: '101', use: 'classroom' },
        risk: 'blue',
      },
      {
        id: s.devices.sos,
        kind: 'one_key_alarm',
        secret: countySecret(s.devices.sos),
        location: { building: '门卫室', floor: 1, use: 'gate' },
      },
    ];
    return {
      code: s.code,
      name: s.name,
      county: YANTA,
      ...(s.location ? { location: s.location } : {}),
      devices,
    };
  });
  const officer = 'county40';
  const guard = 'guard40';
  const path = await writeSitesFile(
    dir,
    {
      schools: entries,
      contacts: [{ org: YANTA.code, name: '雁塔区教育局值班', phone: '+8613800000002' }],
      // Short delays, so the console shows escalated alarms (their marks) within seconds.
      escalation: {
        critical: [
          { level: 'school', after: '0s', channels: ['sms'] },
          { level: 'county', after: '2s', channels: ['sms'] },
        ],
      },
      users: [
        { username: officer, passwordHash: TEST_PASSWORD_HASH, role: 'county_officer', org: YANTA.code },
        { username: guard, passwordHash: TEST_PASSWORD_HASH, role: 'school_security', org: schools[0]!.code },
      ],
    },
    'county-40.yaml',
  );
  return { path, schools, officer, guard };
}
