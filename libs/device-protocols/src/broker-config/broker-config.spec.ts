import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sitesYaml } from '@campus/test-kit';
import { parseSites } from '../sites/parse-sites';
import {
  brokerAccounts,
  brokerConfigFiles,
  emqxAcl,
  mosquittoAcl,
  mosquittoPasswordHash,
  passwordInEnv,
  passwordsFor,
} from './broker-config';

const yaml = (extra: Record<string, unknown>) =>
  sitesYaml({
    schools: [
      { code: '2161010001', name: '一小' },
      { code: '2161010002', name: '二小' },
      { code: '2161010003', name: '三小' },
    ],
    ...extra,
  });

describe('sites file: gateways and alertServices', () => {
  it('parses the topology', () => {
    const sites = parseSites(
      yaml({
        gateways: [
          { id: 'gw-a', schools: ['2161010001', '2161010002'] },
          { id: 'gw-b', schools: ['2161010003'] },
        ],
        alertServices: [{ id: 'as-1' }, { id: 'as-2' }],
      }),
      'sites.yaml',
    );
    expect(sites.gateways).toEqual([
      { id: 'gw-a', schools: ['2161010001', '2161010002'] },
      { id: 'gw-b', schools: ['2161010003'] },
    ]);
    expect(sites.alertServices).toEqual([{ id: 'as-1' }, { id: 'as-2' }]);
    expect(parseSites(yaml({}), 'sites.yaml').gateways).toEqual([]);
  });

  it('refuses an undeclared school, a school on two gateways and a repeated id, with the line', () => {
    expect(() => parseSites(yaml({ gateways: [{ id: 'gw-a', schools: ['2161019999'] }] }), 's.yaml')).toThrow(
      /s\.yaml:\d+: .*no school "2161019999"/,
    );
    expect(() =>
      parseSites(
        yaml({
          gateways: [
            { id: 'gw-a', schools: ['2161010001'] },
            { id: 'gw-b', schools: ['2161010001'] },
          ],
        }),
        's.yaml',
      ),
    ).toThrow(/already served by gateway "gw-a"/);
    expect(() =>
      parseSites(
        yaml({ gateways: [{ id: 'x', schools: ['2161010001'] }], alertServices: [{ id: 'x' }] }),
        's.yaml',
      ),
    ).toThrow(/duplicate id "x"/);
    expect(() => parseSites(yaml({ gateways: [{ id: 'gw a', schools: [] }] }), 's.yaml')).toThrow(
      /not a valid id/,
    );
  });
});

describe('broker config', () => {
  const accounts = brokerAccounts({
    gateways: [
      { id: 'gw-a', schools: ['2161010001', '2161010002'] },
      { id: 'gw-b', schools: ['2161010003'] },
    ],
    alertServices: [{ id: 'as-1' }],
  });

  it("grants a gateway its schools' uplink, its commands and their results, its registry feed; a replica the uplink, the feed, commands and results; nobody more", () => {
    expect(mosquittoAcl(accounts)).toContain(
      [
        'user gateway-gw-a',
        'topic write platform/v1/uplink/2161010001/#',
        'topic write platform/v1/uplink/2161010002/#',
        'topic write platform/v1/command-result/gw-a',
        'topic read platform/v1/command/gw-a/#',
        'topic read platform/v1/registry/gw-a',
      ].join('\n'),
    );
    expect(mosquittoAcl(accounts)).toContain(
      [
        'user alert-service-as-1',
        'topic read platform/v1/uplink/#',
        'topic write platform/v1/registry/+',
        'topic write platform/v1/command/#',
        'topic read platform/v1/command-result/+',
      ].join('\n'),
    );
    const emqx = emqxAcl(accounts);
    expect(emqx).toContain(
      '{allow, {username, "gateway-gw-b"}, publish, ["platform/v1/uplink/2161010003/#"]}.',
    );
    expect(emqx).toContain('{allow, {username, "gateway-gw-b"}, subscribe, ["platform/v1/registry/gw-b"]}.');
    expect(emqx).not.toContain(
      '{allow, {username, "gateway-gw-b"}, subscribe, ["platform/v1/registry/gw-a"]}.',
    );
    expect(emqx).toContain('{allow, {username, "alert-service-as-1"}, publish, ["platform/v1/registry/+"]}.');
    expect(emqx).toContain(
      '{allow, {username, "gateway-gw-b"}, publish, ["platform/v1/command-result/gw-b"]}.',
    );
    expect(emqx).toContain('{allow, {username, "gateway-gw-b"}, subscribe, ["platform/v1/command/gw-b/#"]}.');
    expect(emqx).not.toContain(
      '{allow, {username, "gateway-gw-b"}, publish, ["platform/v1/command-result/gw-a"]}.',
    );
    expect(emqx).toContain('{allow, {username, "alert-service-as-1"}, publish, ["platform/v1/command/#"]}.');
    expect(emqx).toContain(
      '{allow, {username, "alert-service-as-1"}, subscribe, ["platform/v1/command-result/+"]}.',
    );
    expect(emqx.trim().endsWith('{deny, all}.')).toBe(true);
  });

  it('one alert-service account when the sites file lists none', () => {
    expect(brokerAccounts({ gateways: [], alertServices: [] })).toEqual([
      { kind: 'alert-service', id: 'alert-service', username: 'alert-service' },
    ]);
  });

  it('hashes as mosquitto_passwd does ($7$, PBKDF2-SHA512)', () => {
    const salt = Buffer.alloc(12, 7);
    const [, alg, iterations, saltText, hash] = mosquittoPasswordHash('s3cret', salt).split('$');
    expect([alg, iterations, saltText]).toEqual(['7', '101', salt.toString('base64')]);
    expect(hash).toBe(pbkdf2Sync('s3cret', salt, 101, 64, 'sha512').toString('base64'));
  });

  it('keeps known passwords, makes new ones, and writes secrets with mode 600', () => {
    let n = 0;
    const passwords = passwordsFor(accounts, new Map([['gateway-gw-a', 'kept']]), () => `new-${++n}`);
    expect([...passwords.values()]).toEqual(['kept', 'new-1', 'new-2']);
    const files = brokerConfigFiles(accounts, passwords, {
      mosquittoDir: '/etc/mosquitto/campus',
      emqxAclPath: '/opt/emqx/etc/acl.conf',
      brokerUrl: 'mqtts://central:8883',
    });
    const env = files.find((f) => f.path === 'accounts/gateway-gw-a.env')!;
    expect(env.mode).toBe(0o600);
    expect(env.content).toContain('GATEWAY_SCHOOLS=2161010001,2161010002\nUPLINK_URL=mqtts://central:8883');
    expect(passwordInEnv(env.content)).toBe('kept');
    expect(files.find((f) => f.path === 'mosquitto/passwd')!.mode).toBe(0o600);
    expect(files.find((f) => f.path === 'mosquitto/campus.conf')!.content).toMatch(
      /allow_anonymous false\npassword_file \/etc\/mosquitto\/campus\/passwd\nacl_file \/etc\/mosquitto\/campus\/acl/,
    );
  });
});
