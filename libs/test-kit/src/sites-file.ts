import { randomBytes, scrypt } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

/**
 * The one builder of sites files for tests and the bench (docs/sites-file.md): a spec lists the
 * schools flat, each under its county (and that county's city); the builder nests them in the
 * file's province → cities → counties → schools tree, in order of first mention, and writes the
 * other sections (`contacts`, `users`, `escalation`, `rules`, …) as given.
 */

export interface CityRef {
  code: string;
  name: string;
}

export interface CountyRef {
  code: string;
  name: string;
  city: CityRef;
}

/** The test province's divisions (GB/T 2260 codes), as the specs and fixtures use them. */
export const PROVINCE = { code: '610000', name: '陕西省', timezone: 'Asia/Shanghai' } as const;
export const XIAN: CityRef = { code: '610100', name: '西安市' };
export const BAOJI: CityRef = { code: '610300', name: '宝鸡市' };
export const YANTA: CountyRef = { code: '610113', name: '雁塔区', city: XIAN };
export const WEIYANG: CountyRef = { code: '610112', name: '未央区', city: XIAN };
export const WEIBIN: CountyRef = { code: '610302', name: '渭滨区', city: BAOJI };

/** One `devices:` entry, written as given (`secret`, `location`, `via`, `risk`, …). */
export interface DeviceEntry {
  id: string;
  kind: string;
  [field: string]: unknown;
}

export interface SchoolEntry {
  code: string;
  name: string;
  /** Default: 雁塔区 (西安市). */
  county?: CountyRef;
  devices?: DeviceEntry[];
  /** Further school keys (`hours`, …), written as given. */
  [field: string]: unknown;
}

export interface SitesSpec {
  /** Default: {@link PROVINCE}. */
  province?: { code: string; name: string; timezone?: string; bureau?: string };
  /** Cities to list even without a county of their own (in this order, before the schools' ones). */
  cities?: CityRef[];
  /** Counties to list even without a school (in this order, before the schools' ones). */
  counties?: CountyRef[];
  schools?: SchoolEntry[];
  /** Other top-level sections (`contacts`, `users`, `escalation`, `rules`, …), written as given. */
  [section: string]: unknown;
}

interface CityNode extends CityRef {
  counties: Map<string, { code: string; name: string; schools: Record<string, unknown>[] }>;
}

/** The sites file of `spec` as YAML text (ends with a newline, so more YAML may be appended). */
export function sitesYaml(spec: SitesSpec): string {
  const { province = PROVINCE, cities = [], counties = [], schools = [], ...sections } = spec;
  const tree = new Map<string, CityNode>();
  const cityNode = (city: CityRef): CityNode => {
    let node = tree.get(city.code);
    if (!node) tree.set(city.code, (node = { ...city, counties: new Map() }));
    return node;
  };
  const countyNode = (county: CountyRef) => {
    const city = cityNode(county.city);
    let node = city.counties.get(county.code);
    if (!node) city.counties.set(county.code, (node = { code: county.code, name: county.name, schools: [] }));
    return node;
  };
  for (const city of cities) cityNode(city);
  for (const county of counties) countyNode(county);
  for (const { county = YANTA, ...school } of schools) countyNode(county).schools.push(school);
  const file = {
    province,
    cities: [...tree.values()].map((city) => ({
      code: city.code,
      name: city.name,
      counties: [...city.counties.values()],
    })),
    ...sections,
  };
  return stringify(file, { lineWidth: 0 });
}

/** Writes `sitesYaml(spec)` to `dir/name` and returns the path. */
export async function writeSitesFile(dir: string, spec: SitesSpec, name = 'sites.yaml'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, sitesYaml(spec));
  return path;
}

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
  saltBytes: number;
  keyBytes: number;
}

/** What `npm run hash-secret` writes (docs/sites-file.md): N=16384, r=8, p=1, 16-byte salt, 32-byte key. */
export const PRODUCTION_SCRYPT: ScryptCost = { N: 16384, r: 8, p: 1, saltBytes: 16, keyBytes: 32 };

/**
 * A device secret as the documented `scrypt$N$r$p$salt$hash`, derived on libuv's thread pool so
 * that hashing hundreds does not stall the event loop.
 */
export function hashSecretOffLoop(secret: string, cost: ScryptCost = PRODUCTION_SCRYPT): Promise<string> {
  const { N, r, p, saltBytes, keyBytes } = cost;
  const salt = randomBytes(saltBytes);
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, keyBytes, { N, r, p, maxmem: 128 * N * r + 32 * 1024 * 1024 }, (err, key) =>
      err
        ? reject(err)
        : resolve(['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$')),
    ),
  );
}
