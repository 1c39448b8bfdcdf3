import { describe, expect, it } from 'vitest';
import { sitesYaml, WEIBIN } from '@campus/test-kit';
import { documentForGateway } from './gateway-document';
import { parseSitesDocument, readSitesFile } from './parse-sites';

const { document } = readSitesFile(
  sitesYaml({
    schools: [
      {
        code: '6101130001',
        name: '一中',
        devices: [{ id: 'smk-1', kind: 'smoke_detector', secret: 'secret-one-1' }],
      },
      {
        code: '6101130002',
        name: '二中',
        devices: [{ id: 'smk-2', kind: 'smoke_detector', secret: 'secret-two-2' }],
      },
      { code: '6103020001', name: '渭滨一中', county: WEIBIN },
    ],
    contacts: [{ org: '6101130001', name: '张伟', phone: '+8613800000001' }],
    users: [{ username: 'admin1', password: 'a-long-password', role: 'admin', org: '610000' }],
    gateways: [
      { id: 'gw-a', schools: ['6101130001'] },
      { id: 'gw-b', schools: ['6101130002', '6103020001'] },
    ],
    alertServices: [{ id: 'as-1' }],
  }),
  'test',
);

describe('documentForGateway', () => {
  it("keeps the gateway's schools and devices, its own entry, and nothing about people", () => {
    const part = documentForGateway(document, 'gw-a')!;
    const sites = parseSitesDocument(part, 'feed');
    expect(sites.schools.map((s) => s.code)).toEqual(['6101130001']);
    expect(sites.devices.map((d) => d.id)).toEqual(['smk-1']);
    expect(sites.gateways).toEqual([{ id: 'gw-a', schools: ['6101130001'] }]);
    expect(sites.contacts).toEqual([]);
    expect(sites.users).toEqual([]);
    expect(Object.keys(part).sort()).toEqual(['cities', 'gateways', 'province']);
  });

  it('serves schools across cities, and answers undefined for an unknown gateway', () => {
    const sites = parseSitesDocument(documentForGateway(document, 'gw-b')!, 'feed');
    expect(sites.schools.map((s) => s.code)).toEqual(['6101130002', '6103020001']);
    expect(documentForGateway(document, 'gw-x')).toBeUndefined();
  });
});
