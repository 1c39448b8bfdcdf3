import { describe, expect, it } from 'vitest';
import { parseSites } from './parse-sites';
import { hashSecret } from './secret-hash';
import { SitesFileError } from './sites-model';
import { BASE_LINES, baseWith, device } from '../testing/sites.fixture';

function errorOf(text: string): SitesFileError {
  try {
    parseSites(text, 'sites.yaml');
  } catch (e) {
    if (e instanceof SitesFileError) return e;
    throw e;
  }
  throw new Error('expected a SitesFileError, but the file parsed');
}

const panel = (flow: string) =>
  `${BASE_LINES[13]}\n${device(`{ id: fap-1, kind: fire_alarm_panel, protocol: gb26875, ${flow} }`)}`;
/** The base file plus an escalation section whose first step is on line 26. */
const escalationWith = (...steps: string[]) =>
  baseWith({
    23: `${BASE_LINES[22]}\nescalation:\n  critical:\n${steps.map((s) => `    - ${s}`).join('\n')}`,
  });

/** [what, file text, expected line, words the reason must contain] */
const cases: [string, string, number | undefined, string[]][] = [
  // YAML itself
  ['empty file', '', undefined, ['empty']],
  ['only comments', '# nothing yet\n', undefined, ['empty']],
  ['not a mapping', '- province\n- cities\n', 1, ['mapping', 'top level']],
  ['a single value', 'hello\n', 1, ['mapping']],
  ['YAML syntax error', baseWith({ 10: '            name: 一小: x' }), 10, ['YAML syntax error']],
  ['bad indentation', baseWith({ 16: '           name: "二小"' }), 16, ['YAML syntax error']],
  [
    'duplicate YAML key',
    baseWith({ 10: '            name: a\n            name: b' }),
    11,
    ['key "name" appears twice'],
  ],
  ['tab indentation', baseWith({ 7: '\t\tname: "雁塔区"' }), 7, ['tabs']],
  ['two documents', `${baseWith()}---\nprovince: {}\n`, 24, ['more than one YAML document']],
  ['alias without anchor', baseWith({ 4: '    name: *nope' }), 4, ['*nope', 'anchor']],

  // shape
  [
    'unknown key in a flow mapping',
    baseWith({ 12: device('{ id: smk-1, kind: smoke_detector, secret: s, colour: red }') }),
    12,
    ['devices[0]', 'unknown key "colour"', 'allowed keys'],
  ],
  [
    'unknown key on its own line',
    baseWith({ 10: '            name: "一小"\n            nmae: x' }),
    11,
    ['unknown key "nmae"', 'did you mean "name"'],
  ],
  ['unknown top-level key', `${baseWith()}rulez: {}\n`, 24, ['unknown key "rulez"', 'did you mean "rules"']],
  [
    'unknown device kind',
    baseWith({ 12: device('{ id: smk-1, kind: smoke, secret: s }') }),
    12,
    ['devices[0].kind: unknown device kind "smoke" — use one of smoke_detector, heat_detector'],
  ],
  [
    'unknown location use',
    baseWith({ 12: device('{ id: smk-1, kind: smoke_detector, secret: s, location: { use: dormitary } }') }),
    12,
    ['unknown location use "dormitary"', 'did you mean "dormitory"'],
  ],
  [
    'unknown risk grade',
    baseWith({ 12: device('{ id: smk-1, kind: smoke_detector, secret: s, risk: green }') }),
    12,
    ['unknown risk grade "green"', 'red, orange, yellow, blue'],
  ],
  [
    'missing kind',
    baseWith({ 12: device('{ id: smk-1, secret: s }') }),
    12,
    ['devices[0]: missing required key "kind"'],
  ],
  ['empty value', baseWith({ 4: '    name:' }), 4, ['cities[0].name', 'has no value']],
  [
    'device id with a slash',
    baseWith({ 12: device('{ id: smk/1, kind: smoke_detector, secret: s }') }),
    12,
    ['"smk/1"', 'MQTT topic level'],
  ],
  [
    'device id with a wildcard',
    baseWith({ 12: device('{ id: "smk+1", kind: smoke_detector, secret: s }') }),
    12,
    ['may not contain'],
  ],
  [
    'school code too short',
    baseWith({ 9: '          - code: "216101000"' }),
    9,
    ['"216101000"', '10 digits'],
  ],
  ['code not quoted', baseWith({ 6: '      - code: 610113' }), 6, ['in quotes']],
  [
    'bad time zone',
    baseWith({ 1: 'province: { code: "610000", name: "陕西省", timezone: "Mars/Olympus" }' }),
    1,
    ['unknown time zone "Mars/Olympus"'],
  ],
  [
    'bad phone',
    baseWith({ 21: '  - { org: "2161010001", name: 张伟, phone: "13800000001" }' }),
    21,
    ['contacts[0].phone', 'E.164'],
  ],
  [
    'phone not quoted',
    baseWith({ 21: '  - { org: "2161010001", name: 张伟, phone: +8613800000001 }' }),
    21,
    ['in quotes'],
  ],
  [
    'secret not quoted, not echoed',
    baseWith({ 12: device('{ id: smk-1, kind: smoke_detector, secret: 918273 }') }),
    12,
    ['expected a secret, got a number — put it in quotes'],
  ],
  [
    'unknown role',
    baseWith({ 23: '  - { username: school1, password: p, role: guard, org: "2161010001" }' }),
    23,
    ['unknown role "guard"'],
  ],
  [
    'malformed secretHash',
    baseWith({ 12: device('{ id: smk-1, kind: smoke_detector, secretHash: "scrypt$16384$8$1$abc" }') }),
    12,
    ['malformed scrypt hash'],
  ],
  [
    'secretHash with bad base64',
    baseWith({ 12: device('{ id: smk-1, kind: smoke_detector, secretHash: "scrypt$16384$8$1$!!!!$AAAA" }') }),
    12,
    ['malformed scrypt hash', 'salt'],
  ],
  [
    'malformed passwordHash',
    baseWith({
      23: '  - { username: school1, passwordHash: "bcrypt$2b$10$x", role: school_security, org: "2161010001" }',
    }),
    23,
    ['users[0].passwordHash', 'malformed scrypt hash'],
  ],
  [
    'bad delay',
    escalationWith('{ level: school, after: 5 minutes, channels: [sms] }'),
    26,
    ['escalation.critical[0].after', 'not a delay'],
  ],
  ['negative delay', escalationWith('{ level: school, after: -5, channels: [sms] }'), 26, ['not a delay']],
  [
    'unknown channel',
    escalationWith('{ level: school, after: 0s, channels: [wechat] }'),
    26,
    ['unknown channel "wechat"'],
  ],
  [
    'unknown severity',
    `${baseWith()}escalation:\n  urgent: []\n`,
    25,
    ['unknown key "urgent"', 'critical, high, medium, low'],
  ],
  ['no channels', escalationWith('{ level: school, after: 0s, channels: [] }'), 26, ['at least one channel']],
  [
    'address out of range',
    baseWith({ 14: panel('address: 281474976710656') }),
    15,
    ['address', '0 to 281474976710655'],
  ],
  [
    'close before open',
    baseWith({ 10: '            name: "一小"\n            hours: { open: "18:00", close: "07:00" }' }),
    11,
    ['hours.close', 'not after it opens'],
  ],
  [
    'bad clock',
    baseWith({ 10: '            name: "一小"\n            hours: { open: "7am" }' }),
    11,
    ['"7am"', 'HH:MM'],
  ],
  [
    'opening at 24:00',
    baseWith({ 10: '            name: "一小"\n            hours: { open: "24:00" }' }),
    11,
    ['"24:00" is not a time of day'],
  ],
  [
    'weekday out of range',
    baseWith({ 10: '            name: "一小"\n            hours: { days: [0, 1] }' }),
    11,
    ['weekday', '1 to 7'],
  ],

  // school location (the overview map)
  [
    'latitude out of range',
    baseWith({ 10: '            name: "一小"\n            location: { lat: 134.2, lng: 108.9 }' }),
    11,
    ['lat (latitude)', 'from -90 to 90', '134.2'],
  ],
  [
    'longitude as text',
    baseWith({ 10: '            name: "一小"\n            location: { lat: 34.2, lng: "108.9E" }' }),
    11,
    ['lng (longitude)', 'from -180 to 180', 'the text "108.9E"'],
  ],
  [
    'location without lng',
    baseWith({ 10: '            name: "一小"\n            location: { lat: 34.2 }' }),
    11,
    ['lng'],
  ],
  [
    'unknown key in a location',
    baseWith({ 10: '            name: "一小"\n            location: { lat: 34.2, lng: 108.9, lon: 1 }' }),
    11,
    ['unknown key "lon"'],
  ],

  // org tree
  [
    'county not inside its city',
    baseWith({ 6: '      - code: "610213"' }),
    6,
    ['county code "610213"', 'first 4 digits "6101"'],
  ],
  [
    'city not inside its province',
    baseWith({ 3: '  - code: "620100"' }),
    3,
    ['city code "620100"', 'first 2 digits "61"'],
  ],
  [
    'duplicate org code',
    baseWith({ 15: '          - code: "2161010001"' }),
    15,
    ['duplicate org code "2161010001"', 'first declared at line 9'],
  ],

  // devices
  [
    'duplicate id',
    baseWith({ 18: '              - { id: smk-1, kind: smoke_detector, secret: s }' }),
    18,
    ['duplicate device id "smk-1" (first declared at line 12)'],
  ],
  [
    'missing secret',
    baseWith({ 12: device('{ id: smk-1, kind: smoke_detector }') }),
    12,
    ['missing secret', 'secretHash'],
  ],
  [
    'both secret and secretHash',
    baseWith({
      12: device(`{ id: smk-1, kind: smoke_detector, secret: s, secretHash: "${hashSecret('s')}" }`),
    }),
    12,
    ['not both'],
  ],
  [
    'bridge without protocol',
    baseWith({ 13: device('{ id: z2m-1, kind: zigbee_bridge, secret: s }') }),
    13,
    ['needs "protocol: zigbee2mqtt"'],
  ],
  [
    'bridge with the wrong protocol',
    baseWith({ 13: device('{ id: z2m-1, kind: zigbee_bridge, protocol: frigate, secret: s }') }),
    13,
    ['speaks zigbee2mqtt, not frigate'],
  ],
  [
    'bridge without secret',
    baseWith({ 13: device('{ id: z2m-1, kind: zigbee_bridge, protocol: zigbee2mqtt }') }),
    13,
    ['missing secret'],
  ],
  [
    'two bridges, one base topic',
    baseWith({ 19: '              - { id: z2m-2, kind: zigbee_bridge, protocol: zigbee2mqtt, secret: s }' }),
    19,
    ['base topic "zigbee2mqtt"', 'already used by bridge "z2m-1" at line 13'],
  ],
  [
    'base topic inside another',
    baseWith({
      19: '              - { id: z2m-2, kind: zigbee_bridge, protocol: zigbee2mqtt, baseTopic: zigbee2mqtt/east, secret: s }',
    }),
    19,
    ['"zigbee2mqtt/east"', 'level-prefix'],
  ],
  [
    'base topic under campus/',
    baseWith({
      19: '              - { id: z2m-2, kind: zigbee_bridge, protocol: zigbee2mqtt, baseTopic: campus/z2m, secret: s }',
    }),
    19,
    ['may not start with "campus/"'],
  ],
  [
    'base topic with an empty level',
    baseWith({
      19: '              - { id: z2m-2, kind: zigbee_bridge, protocol: zigbee2mqtt, baseTopic: "z2m//2", secret: s }',
    }),
    19,
    ['empty level'],
  ],
  [
    'base topic starting with $',
    baseWith({
      19: '              - { id: z2m-2, kind: zigbee_bridge, protocol: zigbee2mqtt, baseTopic: "$SYS/x", secret: s }',
    }),
    19,
    ['"$"'],
  ],
  [
    'baseTopic on a plain device',
    baseWith({ 12: device('{ id: smk-1, kind: smoke_detector, secret: s, baseTopic: x }') }),
    12,
    ['only for bridges'],
  ],
  [
    'via to no bridge',
    baseWith({ 14: device('{ id: door-1, kind: door_contact, via: { bridge: z2m-9, name: gate } }') }),
    14,
    ['devices[2].via.bridge', 'no bridge "z2m-9"', "this school's bridges: z2m-1"],
  ],
  [
    'via to a bridge of another school',
    baseWith({ 14: device('{ id: door-1, kind: door_contact, via: { bridge: z2m-2, name: gate } }') }),
    14,
    ['another school', '2161010002'],
  ],
  [
    'via to a device that is not a bridge',
    baseWith({ 14: device('{ id: door-1, kind: door_contact, via: { bridge: smk-1, name: gate } }') }),
    14,
    ['is a smoke_detector, not a bridge'],
  ],
  [
    'camera via a zigbee bridge',
    baseWith({ 14: device('{ id: cam-1, kind: camera, via: { bridge: z2m-1, name: gate } }') }),
    14,
    ['camera is reached through an nvr'],
  ],
  [
    'via with a secret',
    baseWith({
      14: device('{ id: door-1, kind: door_contact, secret: s, via: { bridge: z2m-1, name: gate } }'),
    }),
    14,
    ['no secret of its own'],
  ],
  [
    'via with a mismatching protocol',
    baseWith({
      14: device('{ id: door-1, kind: door_contact, protocol: frigate, via: { bridge: z2m-1, name: gate } }'),
    }),
    14,
    ['does not match its bridge'],
  ],
  [
    'same via name twice on one bridge',
    baseWith({
      14: `${BASE_LINES[13]}\n${device('{ id: door-2, kind: door_contact, via: { bridge: z2m-1, name: gate } }')}`,
    }),
    15,
    ['via name "gate" is already used on bridge "z2m-1"', 'line 14'],
  ],
  [
    'zigbee2mqtt device without via',
    baseWith({ 12: device('{ id: smk-1, kind: smoke_detector, protocol: zigbee2mqtt }') }),
    12,
    ['add via'],
  ],
  ['gb26875 panel without address', baseWith({ 14: panel('risk: red') }), 15, ['missing address']],
  ['gb26875 panel with a secret', baseWith({ 14: panel('address: 1, secret: s') }), 15, ['remove it']],
  [
    'gb26875 on another kind',
    baseWith({ 12: device('{ id: smk-1, kind: smoke_detector, protocol: gb26875, address: 1 }') }),
    12,
    ['gb26875 is for kind fire_alarm_panel'],
  ],
  [
    'duplicate gb26875 address',
    baseWith({
      14: `${panel('address: 7')}\n${device('{ id: fap-2, kind: fire_alarm_panel, protocol: gb26875, address: 7 }')}`,
    }),
    16,
    ['address 7 is already used', 'line 15'],
  ],
  [
    'restrictedZones on a non-camera',
    baseWith({ 12: device('{ id: smk-1, kind: smoke_detector, secret: s, restrictedZones: [pool] }') }),
    12,
    ['only for cameras'],
  ],

  // contacts and users
  [
    'contact of an unknown org',
    baseWith({ 21: '  - { org: "610114", name: 张伟, phone: "+8613800000001" }' }),
    21,
    ['no org unit "610114"'],
  ],
  [
    'role does not fit its org',
    baseWith({ 23: '  - { username: yanta, password: p, role: county_officer, org: "2161010001" }' }),
    23,
    ['role county_officer works at county level', '"2161010001" is a school'],
  ],
  [
    'admin below province',
    baseWith({ 23: '  - { username: root, password: p, role: admin, org: "610100" }' }),
    23,
    ['province'],
  ],
  [
    'duplicate username',
    baseWith({
      23: `${BASE_LINES[22]}\n  - { username: school1, password: q, role: school_admin, org: "2161010001" }`,
    }),
    24,
    ['duplicate username "school1"', 'line 23'],
  ],
  [
    'user without password',
    baseWith({ 23: '  - { username: school1, role: school_security, org: "2161010001" }' }),
    23,
    ['missing password'],
  ],
  [
    'user with password and hash',
    baseWith({
      23: `  - { username: school1, password: p, passwordHash: "${hashSecret('p')}", role: school_security, org: "2161010001" }`,
    }),
    23,
    ['not both'],
  ],

  // escalation order
  [
    'escalation steps out of order',
    escalationWith(
      '{ level: school, after: 2m, channels: [sms] }',
      '{ level: county, after: 60, channels: [sms] }',
    ),
    27,
    ["60s comes before the previous step's 120s"],
  ],
];

describe('parseSites refuses bad files with the line and an actionable reason', () => {
  it('the base file of these cases is valid', () => {
    expect(parseSites(baseWith(), 'sites.yaml').devices).toHaveLength(5);
  });

  it.each(cases)('%s', (_what, text, line, words) => {
    const e = errorOf(text);
    expect(e.file).toBe('sites.yaml');
    expect(e.line).toBe(line);
    for (const w of words) expect(e.reason).toContain(w);
    expect(e.reason).not.toContain('918273');
    expect(e.message).toBe(`sites.yaml${line === undefined ? '' : `:${line}`}: ${e.reason}`);
  });

  it('reports the first problem in the file when the shape has several', () => {
    const e = errorOf(
      baseWith({
        12: device('{ id: smk-1, kind: smoke, secret: s }'),
        21: '  - { org: "2161010001", name: 张伟, phone: "138" }',
      }),
    );
    expect(e.line).toBe(12);
  });
});
