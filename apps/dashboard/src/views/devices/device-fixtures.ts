import type { Device } from '../../api/devices';

/** A device as the API gives it, online and healthy unless told otherwise (for the unit tests). */
export function device(id: string, over: Partial<Device> = {}): Device {
  return {
    id,
    kind: 'smoke_detector',
    school: '2161010001',
    schoolName: '雁塔区第一小学',
    county: '610113',
    city: '610100',
    location: { building: '实验楼', floor: 2, room: '化学实验室', use: 'lab' },
    risk: null,
    via: null,
    online: true,
    lastSeenAt: '2026-11-28T10:00:00.000Z',
    onlineChangedAt: null,
    battery: null,
    lowBattery: false,
    faulty: false,
    fault: null,
    faultAt: null,
    ...over,
  };
}
