import { SCRYPT_DEFAULTS } from '@campus/device-protocols';
import {
  hashSecretOffLoop,
  makeTempDir,
  PROVINCE as PROVINCE_ENTRY,
  writeSitesFile,
  YANTA,
} from '@campus/test-kit';
import type { Cleanups } from './context';

export const PROVINCE = PROVINCE_ENTRY.code;
export const CITY = YANTA.city.code;
export const COUNTY = YANTA.code;
/** Every bench user's password (the sites file is generated, the platform is throwaway). */
export const BENCH_PASSWORD = 'bench-pass';

/** A device that connects itself: its MQTT username, secret and own topics. */
export interface BenchDevice {
  id: string;
  secret: string;
  school: string;
  telemetryTopic: string;
  eventTopic: string;
}

export interface BenchUser {
  username: string;
  password: string;
}

export interface EscalationStepSpec {
  level: 'school' | 'county' | 'city' | 'province';
  /** `90s`, `2m`, `1h` or seconds, as the sites file takes it. */
  after: string;
}

export interface BenchSitesSpec {
  /** Temperature sensors `load-0001`…, the telemetry load. */
  loadDevices: number;
  /** Smoke detectors `smoke-0001`… at red risk points (a smoke event → a critical alert). */
  smokeDetectors?: number;
  /** Devices are spread round-robin over this many schools of one county (default 1). */
  schools?: number;
  /**
   * `plain` (default) or `hashed`: every device gets its own scrypt `secretHash` (N=16384, as
   * `npm run hash-secret` writes), so each first connection costs the broker a full scrypt check.
   * Hashing costs ~50–150 ms of CPU per device here, spread over libuv's threads.
   */
  secrets?: 'plain' | 'hashed';
  /**
   * scrypt cost N for `hashed` (default 16384, what `npm run hash-secret` writes). The platform
   * verifies hashes with other parameters too; a lower N makes each check proportionally cheaper.
   */
  scryptN?: number;
  /** Escalation steps by severity, e.g. `{critical: [{level: 'county', after: '5s'}]}`; default the platform's. */
  escalation?: Partial<Record<'critical' | 'high' | 'medium' | 'low', EscalationStepSpec[]>>;
  /**
   * One contact for every org unit (each school, the county, the city, the province), so that every
   * escalation step pages exactly one phone; without it no step pages anyone.
   */
  contacts?: boolean;
}

export interface BenchSites {
  path: string;
  schools: string[];
  loadDevices: BenchDevice[];
  smokeDetectors: BenchDevice[];
  /** `county_officer` of the county: sees every bench school's alerts. */
  countyOfficer: BenchUser;
  /** `school_security` of the first school. */
  schoolUser: BenchUser;
}

const pad = (n: number) => String(n).padStart(4, '0');

function schoolCode(i: number): string {
  // 10 digits, unique, clearly not a real school's: 21610190xx
  return `2161019${String(i + 1).padStart(3, '0')}`;
}

function device(id: string, school: string): BenchDevice {
  return {
    id,
    secret: `secret-${id}`,
    school,
    telemetryTopic: `campus/v1/${school}/${id}/telemetry`,
    eventTopic: `campus/v1/${school}/${id}/event`,
  };
}

/**
 * Writes a sites file for a throwaway platform into a fresh temp dir (removed by `cleanups`): one
 * province, city and county, `schools` schools, the spec's devices with known secrets, a county
 * officer and a school guard with known passwords.
 */
export async function writeBenchSites(cleanups: Cleanups, spec: BenchSitesSpec): Promise<BenchSites> {
  const dir = await makeTempDir('bench-sites');
  cleanups.add(dir.remove);
  const schools = Array.from({ length: Math.max(1, spec.schools ?? 1) }, (_, i) => schoolCode(i));
  const at = (i: number) => schools[i % schools.length]!;
  const loadDevices = Array.from({ length: spec.loadDevices }, (_, i) => device(`load-${pad(i + 1)}`, at(i)));
  const smokeDetectors = Array.from({ length: spec.smokeDetectors ?? 0 }, (_, i) =>
    device(`smoke-${pad(i + 1)}`, at(i)),
  );
  const hashed = spec.secrets === 'hashed';
  const cost = { ...SCRYPT_DEFAULTS, N: spec.scryptN ?? SCRYPT_DEFAULTS.N };
  const secretOf = async (d: BenchDevice) =>
    hashed ? { secretHash: await hashSecretOffLoop(d.secret, cost) } : { secret: d.secret };
  const entries = await Promise.all(
    [
      ...loadDevices.map((d) => [d, 'temperature_sensor'] as const),
      ...smokeDetectors.map((d) => [d, 'smoke_detector'] as const),
    ].map(async ([d, kind]) => ({
      school: d.school,
      yaml: {
        id: d.id,
        kind,
        ...(await secretOf(d)),
        location: { building: '教学楼', floor: 1, room: d.id, use: 'classroom' },
        risk: kind === 'smoke_detector' ? 'red' : 'blue',
      },
    })),
  );
  const countyOfficer = { username: 'bench-county', password: BENCH_PASSWORD };
  const schoolUser = { username: 'bench-school', password: BENCH_PASSWORD };
  const path = await writeSitesFile(dir.path, {
    schools: schools.map((code, i) => ({
      code,
      name: `基准测试学校${i + 1}`,
      devices: entries.filter((e) => e.school === code).map((e) => e.yaml),
    })),
    ...(spec.contacts
      ? {
          contacts: [PROVINCE, CITY, COUNTY, ...schools].map((org, i) => ({
            org,
            name: `值班员${i + 1}`,
            phone: `+86139${String(i + 1).padStart(8, '0')}`,
          })),
        }
      : {}),
    users: [
      { ...countyOfficer, role: 'county_officer', org: COUNTY },
      { ...schoolUser, role: 'school_security', org: schools[0] },
    ],
    ...(spec.escalation
      ? {
          escalation: Object.fromEntries(
            Object.entries(spec.escalation).map(([severity, steps]) => [
              severity,
              steps.map((st) => ({ level: st.level, after: st.after, channels: ['sms'] })),
            ]),
          ),
        }
      : {}),
  });
  return { path, schools, loadDevices, smokeDetectors, countyOfficer, schoolUser };
}
