import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitFor, writeSitesFile } from '@campus/test-kit';
import { ApiUser } from './testing/api-client';
import { blockingViolations, formatViolations } from './testing/axe';
import { logIn, openDashboard, saveFailureScreenshots, screenshot, visit } from './testing/dashboard-page';
import { connectDevice } from './testing/device-client';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';

/**
 * 物物联动 end to end (docs/alerting.md "Linkage", docs/protocol.md "Commands to devices"): the
 * platform as `npm start` runs it, a real MQTT client playing a Zigbee2MQTT bridge with two sirens
 * behind it and a native door lock, the SMS paging going to the Twilio double.
 */
const SCHOOL = '2161010001';
const SCHOOL_PHONE = '+8613800000001';
const PASSWORD = 'linkage-pass';
const BASE_TOPIC = 'z2m-lab';
const SECRET = (device: string) => `secret-${device}`;
const place = (building: string, floor: number, room: string) => ({ building, floor, room, use: 'lab' });

interface TimelineJson {
  at: string;
  kind: string;
  action?: string;
  device?: string;
  command?: string;
  params?: Record<string, unknown>;
  result?: string;
  rule?: string;
  by?: string;
  confirmedBy?: string;
  error?: string;
}

interface Received {
  topic: string;
  payload: Record<string, unknown>;
  at: number;
}

describe('linkage: an alarm sounds the sirens of its building, and a person confirms what the safety list holds back', () => {
  let dir: string;
  let platform: TestPlatform;
  let guard: ApiUser;
  let county: ApiUser;
  let bridge: MqttClient;
  let lock: MqttClient;
  const toBridge: Received[] = [];
  const toLock: Received[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-linkage-'));
    const device = (id: string, kind: string, extra: Record<string, unknown>) => ({ id, kind, ...extra });
    const sitesFile = await writeSitesFile(dir, {
      schools: [
        {
          code: SCHOOL,
          name: '雁塔区第一小学',
          devices: [
            device('z2m-1', 'zigbee_bridge', {
              protocol: 'zigbee2mqtt',
              baseTopic: BASE_TOPIC,
              secret: SECRET('z2m-1'),
            }),
            device('smk-lab', 'smoke_detector', {
              secret: SECRET('smk-lab'),
              location: place('实验楼', 2, '化学实验室'),
            }),
            device('siren-lab', 'siren', {
              via: { bridge: 'z2m-1', name: 'lab_siren' },
              location: place('实验楼', 1, '大厅'),
            }),
            device('smk-lib', 'smoke_detector', {
              secret: SECRET('smk-lib'),
              location: place('图书馆', 1, '阅览室'),
            }),
            device('siren-lib', 'siren', {
              via: { bridge: 'z2m-1', name: 'library_siren' },
              location: place('图书馆', 1, '大厅'),
            }),
            device('acc-gate', 'access_control', {
              secret: SECRET('acc-gate'),
              location: place('东门', 1, '门卫室'),
            }),
            device('lock-gate', 'door_lock', {
              secret: SECRET('lock-gate'),
              location: place('东门', 1, '侧门'),
            }),
          ],
        },
      ],
      contacts: [
        { org: SCHOOL, name: '张伟', phone: SCHOOL_PHONE },
        { org: '610113', name: '雁塔区教育局值班', phone: '+8613800000002' },
      ],
      users: [
        { username: 'guard', password: PASSWORD, role: 'school_security', org: SCHOOL },
        { username: 'county', password: PASSWORD, role: 'county_officer', org: '610113' },
      ],
      escalation: {
        critical: [
          { level: 'school', after: '0s', channels: ['sms'] },
          { level: 'county', after: '10m', channels: ['sms'] },
        ],
        high: [
          { level: 'school', after: '0s', channels: ['sms'] },
          { level: 'county', after: '10m', channels: ['sms'] },
        ],
      },
      // An intrusion at the gate proposes to unlock the gate's door: the safety list holds it for a person.
      rules: [{ id: 'default:intrusion', actions: [{ command: 'unlock', deviceKinds: ['door_lock'] }] }],
    });
    platform = await startTestPlatform({ sitesFile });
    [guard, county] = await Promise.all([
      ApiUser.login(platform.base, 'guard', PASSWORD),
      ApiUser.login(platform.base, 'county', PASSWORD),
    ]);

    // The bridge: Zigbee2MQTT answers a set with the device's state; the library siren never answers.
    bridge = await connectDevice(platform.mqttUrl, 'z2m-1', { password: SECRET('z2m-1') });
    bridge.on('message', (topic, payload) => {
      toBridge.push({
        topic,
        payload: JSON.parse(payload.toString()) as Record<string, unknown>,
        at: Date.now(),
      });
      if (topic === `${BASE_TOPIC}/lab_siren/set`) {
        void bridge.publishAsync(
          `${BASE_TOPIC}/lab_siren`,
          JSON.stringify({ battery: 96, linkquality: 120 }),
          {
            qos: 1,
          },
        );
      }
    });
    await bridge.subscribeAsync(`${BASE_TOPIC}/+/set`, { qos: 1 });

    lock = await connectDevice(platform.mqttUrl, 'lock-gate', { password: SECRET('lock-gate') });
    lock.on('message', (topic, payload) => {
      const command = JSON.parse(payload.toString()) as Record<string, unknown>;
      toLock.push({ topic, payload: command, at: Date.now() });
      void lock.publishAsync(`${topic}/ack`, JSON.stringify({ id: command['id'], ok: true }), { qos: 1 });
    });
    await lock.subscribeAsync(`campus/v1/${SCHOOL}/lock-gate/command`, { qos: 1 });
  });

  afterAll(async () => {
    await bridge?.endAsync();
    await lock?.endAsync();
    await platform?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const publishEvent = async (device: string, type: string) => {
    const client = await connectDevice(platform.mqttUrl, device, { password: SECRET(device) });
    await client.publishAsync(`campus/v1/${SCHOOL}/${device}/event`, JSON.stringify({ type }), { qos: 1 });
    await client.endAsync();
  };
  const alertOf = (device: string) =>
    waitFor(
      async () => {
        const { body } = await guard.request('GET', '/api/alerts?status=open');
        return (body as { items: { id: string; device: string }[] }).items.find((a) => a.device === device);
      },
      { what: `the alert of ${device}` },
    );
  const actionsOf = async (alertId: string): Promise<TimelineJson[]> => {
    const { body } = await guard.request('GET', `/api/alerts/${alertId}/timeline`);
    return (body as { items: TimelineJson[] }).items.filter((i) => i.kind === 'action');
  };
  const actionWhen = (alertId: string, device: string, result: string, timeoutMs = 10_000) =>
    waitFor(async () => (await actionsOf(alertId)).find((a) => a.device === device && a.result === result), {
      what: `the action on ${device} ${result}`,
      timeoutMs,
    });

  it('a smoke alarm sounds the siren of its building (mode fire), and the timeline shows it acknowledged', async () => {
    await publishEvent('smk-lab', 'smoke');
    const alert = await alertOf('smk-lab');

    const set = await waitFor(() => toBridge.find((m) => m.topic === `${BASE_TOPIC}/lab_siren/set`), {
      what: 'the warning set to the lab siren',
    });
    expect(set.payload).toEqual({
      warning: { mode: 'fire', level: 'very_high', strobe: true, duration: 120 },
    });
    // Only the siren of the alert's building: the library's stays quiet.
    expect(toBridge.some((m) => m.topic === `${BASE_TOPIC}/library_siren/set`)).toBe(false);

    const action = await actionWhen(alert.id, 'siren-lab', 'acknowledged');
    expect(action).toMatchObject({
      command: 'sound',
      params: { mode: 'fire' },
      rule: 'default:smoke',
      result: 'acknowledged',
    });
    expect(await actionsOf(alert.id)).toHaveLength(1);

    // A repeat of the alarm counts an occurrence; it runs no action again.
    await publishEvent('smk-lab', 'smoke');
    await waitFor(
      async () => {
        const { body } = await guard.request('GET', `/api/alerts/${alert.id}`);
        return (body as { occurrences: number }).occurrences === 2;
      },
      { what: 'the second occurrence' },
    );
    expect(await actionsOf(alert.id)).toHaveLength(1);
    expect(toBridge.filter((m) => m.topic === `${BASE_TOPIC}/lab_siren/set`)).toHaveLength(1);

    // The guard silences it from the alert detail; the answer comes the same way.
    const run = await guard.request('POST', `/api/alerts/${alert.id}/actions`, {
      device: 'siren-lab',
      command: 'silence',
    });
    expect(run).toMatchObject({
      status: 201,
      body: { device: 'siren-lab', command: 'silence', result: 'sent' },
    });
    const silenced = await waitFor(
      async () =>
        (await actionsOf(alert.id)).find((a) => a.command === 'silence' && a.result === 'acknowledged'),
      { what: 'the silence acknowledged' },
    );
    expect((await actionsOf(alert.id)).map((a) => [a.command, a.result, a.by ?? a.rule])).toEqual([
      ['sound', 'acknowledged', 'default:smoke'],
      ['silence', 'acknowledged', 'guard'],
    ]);
    expect(silenced).toBeDefined();
    expect(toBridge.at(-1)?.payload).toMatchObject({ warning: { mode: 'stop' } });

    // Officers read the actions; running one is the school's (403), and both sound and silence are audited.
    expect(
      (
        await county.request('POST', `/api/alerts/${alert.id}/actions`, {
          device: 'siren-lab',
          command: 'sound',
        })
      ).status,
    ).toBe(403);
    const { body: audit } = await county.request(
      'GET',
      `/api/audit?action=alert.action&target=alert:${alert.id}`,
    );
    expect((audit as { items: { actor: string }[] }).items.map((e) => e.actor).sort()).toEqual([
      'guard',
      'system',
    ]);
  });

  it('a siren that never answers times out, and the SMS paging did not wait for it', async () => {
    const before = twilioCount();
    const published = Date.now();
    await publishEvent('smk-lib', 'smoke');
    const alert = await alertOf('smk-lib');
    await waitFor(() => toBridge.find((m) => m.topic === `${BASE_TOPIC}/library_siren/set`), {
      what: 'the warning set to the library siren',
    });

    const sms = (
      await platform.twilio.waitFor((r) => r.slice(before).some((q) => q.to === SCHOOL_PHONE), 9_000)
    )
      .slice(before)
      .find((q) => q.to === SCHOOL_PHONE)!;
    // Paged while the siren's command still waits for its answer, well before the 10 s timeout.
    expect(sms.at.getTime() - published).toBeLessThan(9_000);
    const waiting = (await actionsOf(alert.id)).find((a) => a.device === 'siren-lib');
    expect(waiting?.result).toBe('sent');

    const timedOut = await actionWhen(alert.id, 'siren-lib', 'timeout', 20_000);
    expect(timedOut.error).toMatch(/no answer within 10 s/);
    expect(sms.at.getTime()).toBeLessThan(published + 10_000);
  });

  it('an intrusion’s door unlock waits for a person, and is sent only once confirmed', async () => {
    await publishEvent('acc-gate', 'intrusion');
    const alert = await alertOf('acc-gate');
    const proposed = await actionWhen(alert.id, 'lock-gate', 'awaiting_confirmation');
    expect(proposed).toMatchObject({ command: 'unlock', rule: 'default:intrusion' });
    const { body: listed } = await guard.request('GET', `/api/alerts/${alert.id}/actions`);
    const held = (listed as { items: { id: string; result: string }[] }).items.find(
      (a) => a.result === 'awaiting_confirmation',
    )!;
    expect((listed as { devices: { id: string }[] }).devices.map((d) => d.id)).toEqual(['lock-gate']);

    // An officer may not confirm it; the guard does.
    expect((await county.request('POST', `/api/alerts/${alert.id}/actions/${held.id}/confirm`)).status).toBe(
      403,
    );
    expect(toLock).toEqual([]);
    const confirmedAt = Date.now();
    const confirm = await guard.request('POST', `/api/alerts/${alert.id}/actions/${held.id}/confirm`);
    expect(confirm).toMatchObject({ status: 200, body: { result: 'sent', confirmedBy: 'guard' } });
    // Confirmed once: a second click is refused.
    expect((await guard.request('POST', `/api/alerts/${alert.id}/actions/${held.id}/confirm`)).status).toBe(
      409,
    );

    const done = await actionWhen(alert.id, 'lock-gate', 'acknowledged');
    expect(done).toMatchObject({ confirmedBy: 'guard' });
    expect(toLock).toHaveLength(1);
    expect(toLock[0]!.at).toBeGreaterThanOrEqual(confirmedAt);
    expect(toLock[0]!.payload).toMatchObject({ id: held.id, command: 'unlock', params: {} });
    expect(typeof toLock[0]!.payload['at']).toBe('number');
  });

  it('the guard sees the actions on the alert’s timeline in zh-CN, and sounds a siren from the 联动 panel', async () => {
    const alert = await waitFor(
      async () => {
        const { body } = await guard.request('GET', '/api/alerts');
        return (body as { items: { id: string; device: string }[] }).items.find(
          (a) => a.device === 'smk-lab',
        );
      },
      { what: 'the lab smoke alert' },
    );
    let browser: Browser | undefined;
    const { context, page } = await openDashboard((browser = await launchChromium()));
    try {
      await logIn(page, platform.base, 'guard', PASSWORD);
      await visit(page, platform.base, `/alerts/${alert.id}`);
      const actions = page.locator('[data-testid=timeline-item][data-kind=action]');
      await actions.first().waitFor({ timeout: 10_000 });
      expect(await actions.allInnerTexts()).toEqual([
        expect.stringContaining(
          '联动：声光报警器 siren-lab 鸣响警号（火警） — 设备已执行（规则 default:smoke）',
        ),
        expect.stringContaining('联动：声光报警器 siren-lab 停止鸣响 — 设备已执行（guard）'),
      ]);

      // The panel and the action items pass axe (serious and critical rules).
      const violations = await blockingViolations(page);
      expect(
        violations.map((v) => v.id),
        formatViolations(violations),
      ).toEqual([]);

      // The 联动 panel: the building's siren, a confirmation, then the command on the bridge.
      const sets = toBridge.filter((m) => m.topic === `${BASE_TOPIC}/lab_siren/set`).length;
      const row = page.locator('[data-testid=linkage-device][data-device=siren-lab]');
      await row.locator('[data-testid=linkage-run][data-command=sound]').click();
      await page.locator('.el-message-box').getByText('确定对 声光报警器 siren-lab').waitFor();
      await screenshot(page, 'linkage-confirm.png');
      await page.locator('.el-message-box__btns .el-button--primary').click();
      const sent = await waitFor(
        () => toBridge.filter((m) => m.topic === `${BASE_TOPIC}/lab_siren/set`)[sets],
        { what: 'the guard’s sound command on the bridge' },
      );
      expect(sent.payload).toMatchObject({ warning: { mode: 'fire' } });
      await page
        .locator('[data-testid=timeline-item][data-kind=action][data-result=acknowledged]')
        .nth(2)
        .waitFor({ timeout: 10_000 });
      expect(await actions.nth(2).innerText()).toContain(
        '联动：声光报警器 siren-lab 鸣响警号（火警） — 设备已执行（guard）',
      );
      await screenshot(page, 'linkage-timeline.png');
    } catch (err) {
      await saveFailureScreenshots('device-linkage', [page]);
      throw err;
    } finally {
      await context.close();
      await browser.close();
    }
  });

  const twilioCount = () => platform.twilio.requests.length;
});
