import { parseSites, type Sites } from '@campus/device-protocols';
import { sitesYaml } from '@campus/test-kit';

/** Test sites: one school with a located smoke detector, contacts at every level (county: two). */
export const FIXTURE_SITES_YAML = sitesYaml({
  schools: [
    {
      code: '2161010001',
      name: '雁塔区第一小学',
      devices: [
        {
          id: 'smk-0001',
          kind: 'smoke_detector',
          secret: 'demo-secret',
          location: { building: '实验楼', floor: 2, room: '化学实验室', use: 'lab' },
        },
      ],
    },
    {
      code: '2161010002',
      name: '雁塔区第二小学',
      devices: [{ id: 'smk-0002', kind: 'smoke_detector', secret: 's' }],
    },
  ],
  contacts: [
    { org: '2161010001', name: '张伟', phone: '+8613800000001' },
    { org: '610113', name: '县教育局值班', phone: '+8613800000002' },
    { org: '610113', name: '县教育局局长', phone: '+8613800000003' },
    { org: '610100', name: '市教育局值班', phone: '+8613800000004' },
    { org: '610000', name: '省教育厅值班', phone: '+8613800000005' },
  ],
  users: [{ username: 'school1', password: 'demo-pass', role: 'school_security', org: '2161010001' }],
});

export const ESCALATION_YAML = `escalation:
  high:
    - { level: county, after: 60s, channels: [voice] }
    - { level: city, after: 2m, channels: [sms] }
`;

export function fixtureSites(extra = ''): Sites {
  return parseSites(FIXTURE_SITES_YAML + extra, 'fixture');
}

export const SCHOOL_1 = { province: '610000', city: '610100', county: '610113', school: '2161010001' };
export const SCHOOL_2 = { province: '610000', city: '610100', county: '610113', school: '2161010002' };
