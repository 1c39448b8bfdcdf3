import { describe, expect, it } from 'vitest';
import { parseSites } from './parse-sites';
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

/** A gb26875 panel on line 14 (after the bridge on line 13), with `rest` added to its mapping. */
const panelLines = (...rest: string[]) =>
  baseWith({
    14: [
      BASE_LINES[13],
      '              - id: fap-1',
      '                kind: fire_alarm_panel',
      '                protocol: gb26875',
      '                address: 889',
      ...rest,
    ].join('\n'),
  });

describe('sites file: allowFrom on gb26875 panels', () => {
  it('keeps the networks on the panel', () => {
    const sites = parseSites(
      panelLines(
        '                allowFrom: ["10.20.0.0/16", "192.0.2.7", "fd00:1::/48", "::ffff:10.9.0.0/112"]',
      ),
      'sites.yaml',
    );
    expect(sites.deviceById.get('fap-1')?.allowFrom).toEqual([
      '10.20.0.0/16',
      '192.0.2.7',
      'fd00:1::/48',
      '::ffff:10.9.0.0/112',
    ]);
  });

  it('a panel without allowFrom has none (the gateway default applies)', () => {
    const sites = parseSites(panelLines(), 'sites.yaml');
    expect(sites.deviceById.get('fap-1')).not.toHaveProperty('allowFrom');
  });

  /** [what, file text, expected line, words the reason must contain] */
  const cases: [string, string, number, string[]][] = [
    [
      'not an address (flow list)',
      panelLines('                allowFrom: ["10.20.0.0/16", "10.0.0.300"]'),
      19,
      ['devices[3].allowFrom[1]', '"10.0.0.300" is not an IPv4 or IPv6 address or CIDR network'],
    ],
    [
      'not an address (block list: the line of the entry)',
      panelLines(
        '                allowFrom:',
        '                  - 10.20.0.0/16',
        '                  - campus.example',
      ),
      21,
      ['devices[3].allowFrom[1]', '"campus.example" is not an IPv4 or IPv6 address'],
    ],
    [
      'prefix too long',
      panelLines('                allowFrom:', '                  - 10.20.0.0/33'),
      20,
      ['allowFrom[0]', 'from 0 to 32'],
    ],
    [
      'host bits set',
      panelLines('                allowFrom:', '                  - 10.20.3.4/16'),
      20,
      ['allowFrom[0]', 'write the network "10.20.0.0/16", or "10.20.3.4/32"'],
    ],
    [
      'an IPv6 zone index',
      panelLines('                allowFrom:', '                  - "fe80::1%eth0"'),
      20,
      ['allowFrom[0]', 'zone index'],
    ],
    [
      'empty list',
      panelLines('                allowFrom: []'),
      19,
      ['devices[3].allowFrom', 'at least one address or network', 'GB26875_ALLOW_FROM'],
    ],
    [
      'a number instead of text',
      panelLines('                allowFrom: [10]'),
      19,
      ['allowFrom[0]', 'expected an IP address or CIDR network, got the number 10', 'quotes'],
    ],
    [
      'a single value instead of a list',
      panelLines('                allowFrom: 10.0.0.0/8'),
      19,
      ['devices[3].allowFrom', 'expected a list'],
    ],
    [
      'on a device that is no gb26875 panel',
      baseWith({ 12: device('{ id: smk-1, kind: smoke_detector, secret: s, allowFrom: ["10.0.0.0/8"] }') }),
      12,
      ['devices[0].allowFrom', 'only for a fire_alarm_panel with protocol gb26875'],
    ],
  ];

  it.each(cases)('%s: refused at its line', (_what, text, line, words) => {
    const error = errorOf(text);
    expect(error.line).toBe(line);
    for (const word of words) expect(error.reason).toContain(word);
    expect(error.message.startsWith(`sites.yaml:${line}: `)).toBe(true);
  });
});
