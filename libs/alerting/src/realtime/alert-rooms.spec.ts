import { orgContains, type OrgPath } from '@campus/device-protocols';
import { describe, expect, it } from 'vitest';
import { orgRoom, roomsForAlert, roomsForUser } from './alert-rooms';

const alert: OrgPath = { province: '610000', city: '610100', county: '610113', school: '2161010001' };
const UNITS = [
  '610000',
  '610100',
  '610113',
  '2161010001',
  '610112',
  '2161010002',
  '610300',
  '610302',
  '2161030001',
];

describe('alert rooms', () => {
  it('an alert goes to its school, county, city and province rooms', () => {
    expect(roomsForAlert(alert)).toEqual(['org:2161010001', 'org:610113', 'org:610100', 'org:610000']);
  });

  it('a user joins the room of their own org unit', () => {
    expect(roomsForUser({ org: '610113' })).toEqual(['org:610113']);
    expect(orgRoom('2161010001')).toBe('org:2161010001');
  });

  it.each(UNITS)(
    'a user of %s shares a room with the alert exactly when their org contains its school',
    (org) => {
      const shared = roomsForUser({ org }).filter((r) => roomsForAlert(alert).includes(r));
      expect(shared.length).toBe(orgContains(org, alert) ? 1 : 0);
    },
  );
});
