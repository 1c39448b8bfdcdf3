/**
 * Test helpers: a small valid sites file whose line numbers the error specs rely on, and a way to
 * edit it line by line. Not exported from the package.
 */
export const BASE_LINES = [
  /* 1 */ 'province: { code: "610000", name: "陕西省" }',
  /* 2 */ 'cities:',
  /* 3 */ '  - code: "610100"',
  /* 4 */ '    name: "西安市"',
  /* 5 */ '    counties:',
  /* 6 */ '      - code: "610113"',
  /* 7 */ '        name: "雁塔区"',
  /* 8 */ '        schools:',
  /* 9 */ '          - code: "2161010001"',
  /* 10 */ '            name: "雁塔区第一小学"',
  /* 11 */ '            devices:',
  /* 12 */ '              - { id: smk-1, kind: smoke_detector, secret: s }',
  /* 13 */ '              - { id: z2m-1, kind: zigbee_bridge, protocol: zigbee2mqtt, secret: s }',
  /* 14 */ '              - { id: door-1, kind: door_contact, via: { bridge: z2m-1, name: gate } }',
  /* 15 */ '          - code: "2161010002"',
  /* 16 */ '            name: "雁塔区第二小学"',
  /* 17 */ '            devices:',
  /* 18 */ '              - { id: smk-2, kind: smoke_detector, secret: s }',
  /* 19 */ '              - { id: z2m-2, kind: zigbee_bridge, protocol: zigbee2mqtt, baseTopic: z2m-2, secret: s }',
  /* 20 */ 'contacts:',
  /* 21 */ '  - { org: "2161010001", name: 张伟, phone: "+8613800000001" }',
  /* 22 */ 'users:',
  /* 23 */ '  - { username: school1, password: p, role: school_security, org: "2161010001" }',
] as const;

/** The base file with 1-based lines replaced (a replacement may hold several lines). */
export function baseWith(edits: Record<number, string> = {}): string {
  return `${BASE_LINES.map((line, i) => edits[i + 1] ?? line).join('\n')}\n`;
}

/** A device line of the first school (indented for lines 12–14). */
export const device = (flow: string): string => `              - ${flow}`;

/** The base file's province and first school with only `devices` (lines indented as line 12). */
export function oneSchoolWith(devices: string): string {
  return `${BASE_LINES.slice(0, 11).join('\n')}\n${devices}\n`;
}
