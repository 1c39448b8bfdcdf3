import { readInt16, readUint16, readUint32 } from './address';
import { decodeGb18030Field } from './gb18030-text';
import type { ComponentAddress, Gb26875Adu, Gb26875AduType } from './info-objects';
import { readTimeLabel, TIME_LABEL_BYTES } from './time-label';

export type AduParse =
  | { ok: true; adu: Gb26875Adu }
  /** A type flag this receiver does not decode (reserved, downstream, or user-defined). */
  | { ok: true; adu: undefined; type: number }
  | { ok: false; detail: string };

const DESCRIPTION_BYTES = 31;

/** Object size (including its time label) of the fixed-size upstream types. */
const FIXED_SIZES: Partial<Record<Gb26875AduType, number>> = {
  1: 4 + TIME_LABEL_BYTES,
  2: 40 + TIME_LABEL_BYTES,
  3: 10 + TIME_LABEL_BYTES,
  4: 4 + TIME_LABEL_BYTES,
  5: 4,
  7: 38,
  8: 2 + TIME_LABEL_BYTES,
  21: 1 + TIME_LABEL_BYTES,
  24: 2 + TIME_LABEL_BYTES,
  25: 2,
  28: TIME_LABEL_BYTES,
};

/**
 * Splits an upstream ADU (`类型标志 | 信息对象数目 n | n objects`) into typed objects. Fixed-size
 * types must fill the ADU exactly; variable-size ones (6, 26) are read object by object and must
 * end where the ADU ends. Never throws.
 */
export function parseGb26875Adu(adu: Uint8Array): AduParse {
  if (adu.length < 2) return { ok: false, detail: `ADU of ${adu.length} byte(s): no type flag and count` };
  const type = adu[0]!;
  const count = adu[1]!;
  if (type === 6 || type === 26) return parseConfigurations(type, count, adu);
  const size = FIXED_SIZES[type as Gb26875AduType];
  if (size === undefined) return { ok: true, adu: undefined, type };
  const expected = 2 + count * size;
  if (adu.length !== expected) {
    return {
      ok: false,
      detail: `ADU type ${type} with ${count} object(s) of ${size} bytes is ${expected} bytes, got ${adu.length}`,
    };
  }
  const slices = Array.from({ length: count }, (_, i) => adu.slice(2 + i * size, 2 + (i + 1) * size));
  return { ok: true, adu: fixedAdu(type as Exclude<Gb26875AduType, 6 | 26>, slices) };
}

function fixedAdu(type: Exclude<Gb26875AduType, 6 | 26>, slices: Uint8Array[]): Gb26875Adu {
  switch (type) {
    case 1:
      return {
        type,
        objects: slices.map((b) => ({
          ...system(b),
          state: readUint16(b, 2),
          time: readTimeLabel(b, 4),
          raw: b,
        })),
      };
    case 2:
      return {
        type,
        objects: slices.map((b) => ({
          ...system(b),
          componentType: b[2]!,
          ...componentAddress(b, 3),
          state: readUint16(b, 7),
          description: decodeGb18030Field(b.subarray(9, 9 + DESCRIPTION_BYTES)),
          time: readTimeLabel(b, 40),
          raw: b,
        })),
      };
    case 3:
      return {
        type,
        objects: slices.map((b) => ({
          ...system(b),
          componentType: b[2]!,
          ...componentAddress(b, 3),
          analogType: b[7]!,
          value: readInt16(b, 8),
          time: readTimeLabel(b, 10),
          raw: b,
        })),
      };
    case 4:
      return {
        type,
        objects: slices.map((b) => ({
          ...system(b),
          operations: b[2]!,
          operator: b[3]!,
          time: readTimeLabel(b, 4),
          raw: b,
        })),
      };
    case 5:
      return { type, objects: slices.map((b) => ({ ...system(b), major: b[2]!, minor: b[3]!, raw: b })) };
    case 25:
      return { type, objects: slices.map((b) => ({ major: b[0]!, minor: b[1]!, raw: b })) };
    case 7:
      return {
        type,
        objects: slices.map((b) => ({
          ...system(b),
          componentType: b[2]!,
          ...componentAddress(b, 3),
          description: decodeGb18030Field(b.subarray(7, 7 + DESCRIPTION_BYTES)),
          raw: b,
        })),
      };
    case 8:
      return { type, objects: slices.map((b) => ({ ...system(b), time: readTimeLabel(b, 2), raw: b })) };
    case 28:
      return { type, objects: slices.map((b) => ({ time: readTimeLabel(b, 0), raw: b })) };
    case 21:
      return { type, objects: slices.map((b) => ({ state: b[0]!, time: readTimeLabel(b, 1), raw: b })) };
    case 24:
      return {
        type,
        objects: slices.map((b) => ({
          operations: b[0]!,
          operator: b[1]!,
          time: readTimeLabel(b, 2),
          raw: b,
        })),
      };
  }
}

/** Types 6 (`系统类型 系统地址 L 说明`) and 26 (`L 说明`): variable length. */
function parseConfigurations(type: 6 | 26, count: number, adu: Uint8Array): AduParse {
  const prefix = type === 6 ? 2 : 0;
  const objects: Extract<Gb26875Adu, { type: 6 | 26 }>['objects'] = [];
  let at = 2;
  for (let i = 0; i < count; i++) {
    const lengthAt = at + prefix;
    if (lengthAt >= adu.length)
      return { ok: false, detail: `ADU type ${type} ends inside object ${i + 1} of ${count}` };
    const end = lengthAt + 1 + adu[lengthAt]!;
    if (end > adu.length) return { ok: false, detail: `ADU type ${type}: object ${i + 1} runs past the ADU` };
    const b = adu.slice(at, end);
    const text = decodeGb18030Field(b.subarray(prefix + 1));
    objects.push(type === 6 ? { ...system(b), description: text, raw: b } : { description: text, raw: b });
    at = end;
  }
  if (at !== adu.length)
    return { ok: false, detail: `ADU type ${type}: ${adu.length - at} byte(s) after the last object` };
  return { ok: true, adu: { type, objects } };
}

function system(b: Uint8Array): { systemType: number; systemAddress: number } {
  return { systemType: b[0]!, systemAddress: b[1]! };
}

function componentAddress(b: Uint8Array, offset: number): ComponentAddress {
  return {
    componentAddress: readUint32(b, offset),
    zone: readUint16(b, offset),
    position: readUint16(b, offset + 2),
  };
}
