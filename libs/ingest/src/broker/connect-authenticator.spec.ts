import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { sitesYaml } from '@campus/test-kit';
import { parseSites } from '@campus/device-protocols';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { ConnectAuthenticator, type ConnectRequest } from './connect-authenticator';
import { ConnectionRefusals } from './refusal-log';
import { ServedSchools } from '../config/served-schools';

const sites = parseSites(
  sitesYaml({
    schools: [
      {
        code: '2161010001',
        name: '一小',
        devices: [
          { id: 'smk-a', kind: 'smoke_detector', secret: 'secret-a' },
          { id: 'smk-b', kind: 'smoke_detector', secret: 'secret-b' },
        ],
      },
    ],
  }),
  'inline',
);

function setup() {
  let now = 1_000_000;
  const metrics = new GatewayMetrics();
  const logger = pino({ level: 'silent' });
  const auth = new ConnectAuthenticator({
    sites,
    service: { username: 'svc', password: 'svc-pass' },
    authFailuresPerAccount: 3,
    authFailuresPerIp: 100,
    metrics,
    refusals: new ConnectionRefusals(metrics, logger, () => now),
    logger,
    clock: () => now,
  });
  const connect = (over: Partial<ConnectRequest> & Pick<ConnectRequest, 'username'>) => {
    const request: ConnectRequest = {
      password: Buffer.from(`secret-${over.username?.slice(4)}`),
      source: '10.0.0.1',
      clientId: `${over.username}-1`,
      clean: true,
      connection: {},
      isClosed: () => false,
      ...over,
    };
    return auth.authenticate(request);
  };
  const count = async (name: string, labels: Record<string, string> = {}) =>
    (await metrics.registry.getSingleMetric(name)!.get()).values
      .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
      .reduce((sum, v) => sum + v.value, 0);
  return { auth, connect, count, advance: (ms: number) => (now += ms) };
}

describe('ConnectAuthenticator', () => {
  it('refuses a locked-out account without checking its secret, and lets its known address in', async () => {
    const { connect, count } = setup();
    expect(await connect({ username: 'smk-a', source: '10.0.0.9' })).toMatchObject({ ok: true });
    for (let i = 0; i < 3; i++) {
      expect(await connect({ username: 'smk-a', password: Buffer.from('guess') })).toMatchObject({
        ok: false,
        reason: 'bad_secret',
        returnCode: 4,
      });
    }
    expect(await count('campus_mqtt_credential_checks_total')).toBe(4);
    // Even the right secret is not checked from where the guesses came.
    expect(await connect({ username: 'smk-a' })).toMatchObject({
      ok: false,
      reason: 'locked_out',
      returnCode: 3,
    });
    expect(await count('campus_mqtt_credential_checks_total')).toBe(4);
    expect(await count('campus_messages_refused_total', { reason: 'locked_out' })).toBe(1);
    expect(await count('campus_mqtt_lockouts_total', { scope: 'account' })).toBe(1);
    // The device from where it logged in before, and another device, are unaffected.
    expect(await connect({ username: 'smk-a', source: '10.0.0.9', clientId: 'smk-a-2' })).toMatchObject({
      ok: true,
    });
    expect(await connect({ username: 'smk-b' })).toMatchObject({ ok: true });
  });

  it("refuses another account's client id until the owner's clean connection lets it go", async () => {
    const { auth, connect, count } = setup();
    const owner = {};
    expect(await connect({ username: 'smk-a', clientId: 'shared', connection: owner })).toMatchObject({
      ok: true,
    });
    expect(await connect({ username: 'smk-b', clientId: 'shared' })).toMatchObject({
      ok: false,
      reason: 'client_id_taken',
      returnCode: 2,
    });
    expect(await connect({ username: 'smk-b', clientId: 'campus-alert-service-x' })).toMatchObject({
      ok: false,
      reason: 'client_id_reserved',
    });
    expect(
      await connect({
        username: 'svc',
        password: Buffer.from('svc-pass'),
        clientId: 'campus-alert-service-x',
      }),
    ).toMatchObject({
      ok: true,
      identity: { type: 'service' },
    });
    expect(await count('campus_messages_refused_total', { reason: 'client_id_taken' })).toBe(1);
    auth.clientIds.connected('shared', owner, true);
    auth.clientIds.release('shared', owner);
    expect(await connect({ username: 'smk-b', clientId: 'shared' })).toMatchObject({ ok: true });
  });

  it('checks nothing for a client that has gone while it waited', async () => {
    const { connect, count } = setup();
    expect(await connect({ username: 'smk-a', isClosed: () => true })).toEqual({ ok: false, reason: 'gone' });
    expect(await count('campus_mqtt_credential_checks_total')).toBe(0);
  });
});

describe('ConnectAuthenticator with GATEWAY_SCHOOLS', () => {
  const twoSchools = parseSites(
    sitesYaml({
      schools: [
        {
          code: '2161010001',
          name: '一小',
          devices: [{ id: 'smk-a', kind: 'smoke_detector', secret: 'secret-a' }],
        },
        {
          code: '2161010002',
          name: '二小',
          devices: [{ id: 'smk-b', kind: 'smoke_detector', secret: 'secret-b' }],
        },
      ],
    }),
    'inline',
  );

  it('refuses a device of another school once its secret checks out, counted and logged with the fix', async () => {
    const metrics = new GatewayMetrics();
    const lines: { detail?: string }[] = [];
    const logger = pino(
      { level: 'warn' },
      { write: (line: string) => lines.push(JSON.parse(line) as { detail?: string }) },
    );
    const auth = new ConnectAuthenticator({
      sites: twoSchools,
      authFailuresPerAccount: 3,
      authFailuresPerIp: 100,
      metrics,
      refusals: new ConnectionRefusals(metrics, logger),
      logger,
      served: ServedSchools.of(['2161010001'], twoSchools),
    });
    const connect = (username: string, password: string) =>
      auth.authenticate({
        username,
        password: Buffer.from(password),
        source: '10.0.0.1',
        clientId: `${username}-1`,
        clean: true,
        connection: {},
        isClosed: () => false,
      });
    expect(await connect('smk-a', 'secret-a')).toMatchObject({ ok: true });
    expect(await connect('smk-b', 'secret-b')).toMatchObject({
      ok: false,
      reason: 'school_not_served',
      returnCode: 5,
    });
    // without the secret nothing tells the caller the id exists elsewhere
    expect(await connect('smk-b', 'guess')).toMatchObject({ ok: false, reason: 'bad_secret' });
    const refused = (await metrics.registry.getSingleMetric('campus_messages_refused_total')!.get()).values;
    expect(refused.find((v) => v.labels['reason'] === 'school_not_served')?.value).toBe(1);
    expect(
      lines.some((l) =>
        /smk-b belongs to school 2161010002.*GATEWAY_SCHOOLS=2161010001/.test(l.detail ?? ''),
      ),
    ).toBe(true);
  });
});
