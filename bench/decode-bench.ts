import {
  DEFAULT_MAX_PAYLOAD_BYTES,
  decodeFrigate,
  decodeNative,
  decodeZigbee2mqtt,
  isWithinSchoolHours,
  type DecodeContext,
  type DecodeResult,
  type Device,
  type Sites,
} from '@campus/device-protocols';
import { loadSites } from '@campus/ingest';
import type { BenchOptions, BenchResult, Benchmark } from './context';
import { resultOf } from './context';
import { DEVICE, SITES_PATH } from './fixtures';
import { calibrate, measurePair } from './measure';

const TS = 1_764_300_000_000;
const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

/** A Frigate `new` event: a person on camera gate_north in its restricted zone (→ intrusion). */
const FRIGATE_NEW_PERSON = {
  type: 'new',
  before: null,
  after: {
    id: '1764300000.475377-mxklsc',
    camera: 'gate_north',
    frame_time: TS / 1000,
    snapshot: null,
    label: 'person',
    sub_label: null,
    top_score: 0.84,
    false_positive: false,
    start_time: TS / 1000,
    end_time: null,
    score: 0.84,
    box: [424, 500, 536, 712],
    area: 23744,
    ratio: 2.11,
    region: [264, 450, 667, 853],
    current_zones: ['rooftop'],
    entered_zones: ['rooftop'],
    thumbnail: null,
    has_snapshot: false,
    has_clip: false,
    active: true,
    stationary: false,
    motionless_count: 0,
    position_changes: 0,
    attributes: {},
    current_attributes: [],
  },
};

interface Case {
  name: string;
  payload: Uint8Array;
  decode: (payload: Uint8Array) => DecodeResult;
}

function device(sites: Sites, id: string): Device {
  const found = sites.deviceById.get(id);
  if (!found) throw new Error(`device ${id} is not in ${SITES_PATH}`);
  return found;
}

/** The context the gateway's router builds for every message (real sites lookups, school hours). */
function decodeContext(sites: Sites): DecodeContext {
  return {
    now: TS,
    resolveVia: (bridgeId, name) => sites.resolveVia(bridgeId, name),
    isSchoolOpen: (code, ts) => {
      const school = sites.schoolByCode.get(code);
      return school ? isWithinSchoolHours(school.hours, sites.province.timezone, ts) : true;
    },
  };
}

function cases(sites: Sites): Case[] {
  const ctx = decodeContext(sites);
  const max = DEFAULT_MAX_PAYLOAD_BYTES;
  const tmp = device(sites, DEVICE);
  const z2m = device(sites, 'z2m-01');
  const nvr = device(sites, 'nvr-01');
  return [
    {
      name: 'decodeNative telemetry',
      payload: encode({ ts: TS, metrics: { temperature: 23.5, battery: 87 } }),
      decode: (p) => decodeNative(tmp, 'telemetry', p, ctx, max),
    },
    {
      name: 'decodeZigbee2mqtt state',
      payload: encode({ battery: 95, battery_low: false, contact: false, linkquality: 120, tamper: false }),
      decode: (p) => decodeZigbee2mqtt(z2m, 'gate_east_door', p, ctx, max),
    },
    {
      name: 'decodeFrigate event',
      payload: encode(FRIGATE_NEW_PERSON),
      decode: (p) => decodeFrigate(nvr, 'events', p, ctx, max),
    },
  ];
}

async function runCase(c: Case, quick: boolean): Promise<BenchResult> {
  const first = c.decode(c.payload);
  if (!first.ok || first.messages.length === 0) {
    throw new Error(`${c.name}: the bench payload does not decode to a message: ${JSON.stringify(first)}`);
  }
  const utf8 = new TextDecoder();
  let kept = 0; // consumed below, so no call can be optimised away
  const parse = () => {
    const value: unknown = JSON.parse(utf8.decode(c.payload));
    if (value !== null) kept++;
  };
  const decode = () => {
    const result = c.decode(c.payload);
    if (result.ok) kept += result.messages.length;
  };
  const loops = calibrate(parse, quick ? 10 : 25);
  const timing = await measurePair(
    () => {
      for (let i = 0; i < loops; i++) parse();
    },
    () => {
      for (let i = 0; i < loops; i++) decode();
    },
    { ops: loops, warmup: 3, reps: quick ? 5 : 15 },
  );
  if (kept === 0) throw new Error('nothing decoded');
  return resultOf(`${c.name} (vs JSON.parse)`, 'msgs/s', timing);
}

export const decodeBench: Benchmark = {
  name: 'decode',
  async run({ quick }: BenchOptions): Promise<BenchResult[]> {
    const sites = await loadSites(SITES_PATH);
    const results: BenchResult[] = [];
    for (const c of cases(sites)) results.push(await runCase(c, quick));
    return results;
  },
};
