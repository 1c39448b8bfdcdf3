import { describe, expect, it } from 'vitest';
import { registryDocument } from '../../testing/registry-document.fixture';
import { DeviceCsvError, parseCsvRecords, parseDeviceCsv, planDeviceImport } from './device-csv';
import { checkDocument } from './sites-document';

const A = '2161010001';

describe('CSV records', () => {
  it('reads quoted fields, doubled quotes, CRLF, a BOM, and skips blank lines', () => {
    expect(parseCsvRecords('\uFEFFa,b\r\n"x, ""y""",z\n\n1,\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, "y"', 'z'] },
      { line: 4, fields: ['1', ''] },
    ]);
    expect(() => parseCsvRecords('a\n"open')).toThrow(/not closed/);
  });
});

describe('device import file', () => {
  it('turns rows into device entries, or says why not', () => {
    const rows = parseDeviceCsv(
      'id,kind,building,floor,room,use,risk\n' +
        'smk-101,smoke_detector,实验楼,2,化学实验室,lab,red\n' +
        ',smoke_detector\n' +
        'x-1,toaster\n' +
        'x-2,heat_detector,,two\n',
    );
    expect(rows[0]).toEqual({
      row: 2,
      id: 'smk-101',
      entry: {
        id: 'smk-101',
        kind: 'smoke_detector',
        location: { building: '实验楼', floor: 2, room: '化学实验室', use: 'lab' },
        risk: 'red',
      },
    });
    expect(rows[1]).toMatchObject({ row: 3, id: null, reason: expect.stringMatching(/id is empty/) });
    expect(rows[2]).toMatchObject({ row: 4, reason: expect.stringMatching(/kind "toaster" is not one of/) });
    expect(rows[3]).toMatchObject({
      row: 5,
      reason: expect.stringMatching(/floor "two" is not a whole number/),
    });
  });

  it('refuses a file without a header, with an unknown column or without id/kind', () => {
    expect(() => parseDeviceCsv('')).toThrow(DeviceCsvError);
    expect(() => parseDeviceCsv('id,kind,colour\n')).toThrow(/unknown column "colour"/);
    expect(() => parseDeviceCsv('id,building\n')).toThrow(/"kind" is missing/);
  });
});

describe('import plan', () => {
  it('accepts good rows with a secret each and refuses the rest with the reason', () => {
    const rows = parseDeviceCsv(
      'id,kind,protocol,bridge,name\n' +
        'smk-101,smoke_detector\n' +
        'smk-0002,smoke_detector\n' +
        'smk-101,heat_detector\n' +
        'door-9,door_contact,,no-bridge,door_9\n' +
        'z2m-9,zigbee_bridge,zigbee2mqtt\n' +
        'door-10,door_contact,,z2m-9,door_10\n',
    );
    const plan = planDeviceImport(registryDocument(), A, rows, (id) => `secret-of-${id}-0123456789`);
    expect(plan.rows.map((r) => [r.row, r.id, r.ok])).toEqual([
      [2, 'smk-101', true],
      [3, 'smk-0002', false],
      [4, 'smk-101', false],
      [5, 'door-9', false],
      [6, 'z2m-9', true],
      [7, 'door-10', true],
    ]);
    expect(plan.rows[1]?.reason).toMatch(/taken by a device of school 2161010002/);
    expect(plan.rows[2]?.reason).toMatch(/earlier row/);
    expect(plan.rows[3]?.reason).toMatch(/no-bridge/);
    expect(plan.accepted.map((e) => [e['id'], e['secret']])).toEqual([
      ['smk-101', 'secret-of-smk-101-0123456789'],
      ['z2m-9', 'secret-of-z2m-9-0123456789'],
      ['door-10', undefined],
    ]);
    expect(checkDocument(plan.document).deviceById.has('door-10')).toBe(true);
  });
});
