import { waitFor } from '@campus/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRepository } from '../db/action-repository';
import type { TimelineItem } from '../domain/alert';
import {
  alertTrigger,
  openedAlert,
  startAlertingHttp,
  type AlertingHttp,
} from '../testing/alerting-http.fixture';
import { CommandTransportDouble } from '../testing/command-transport-double';
import { NO_COMMAND_PATH } from './linkage.service';

const SCHOOL = '2161010001';
const lab = (floor: number, room: string) => ({ building: '实验楼', floor, room, use: 'lab' });
const DEVICES = [
  { id: 'siren-lab', kind: 'siren', secret: 's', location: lab(1, '大厅') },
  { id: 'siren-quiet', kind: 'siren', secret: 's', location: lab(3, '走廊') },
  { id: 'siren-gate', kind: 'siren', secret: 's', location: { building: '门卫室' } },
  { id: 'lock-lab', kind: 'door_lock', secret: 's', location: lab(2, '防火门') },
];
const commandTopic = (device: string) => `campus/v1/${SCHOOL}/${device}/command`;

describe('linkage over HTTP (docs/alerting.md "Linkage")', () => {
  let t: AlertingHttp;
  const broker = new CommandTransportDouble();
  beforeAll(async () => {
    // the lab siren and the lock answer; siren-quiet never does
    for (const device of ['siren-lab', 'lock-lab']) {
      broker.answer(commandTopic(device), (command) => ({
        topic: `${commandTopic(device)}/ack`,
        payload: { id: command['id'], ok: true },
      }));
    }
    t = await startAlertingHttp({ devices: DEVICES, commands: broker, linkage: { timeoutMs: 300 } });
  });
  afterAll(() => t?.close());

  const actions = async (alertId: string): Promise<TimelineItem[]> => {
    const { body } = await t.as('guard1', `/api/alerts/${alertId}/timeline`);
    return (body as { items: TimelineItem[] }).items.filter((i) => i.kind === 'action');
  };
  const settled = (alertId: string, count: number) =>
    waitFor(
      async () => {
        const items = await actions(alertId);
        return items.length === count && items.every((i) => i.result !== 'sent') ? items : undefined;
      },
      { what: `${count} answered actions` },
    );

  it('a smoke alert sounds the sirens of its building once: acknowledged, or timeout without an answer', async () => {
    const alert = await openedAlert(
      t,
      alertTrigger({ rule: 'default:smoke', type: 'smoke', device: 'smk-0001' }),
    );
    const items = await settled(alert.id, 2);
    expect(items.map((i) => [i.device, i.command, i.params, i.result, i.rule])).toEqual([
      ['siren-lab', 'sound', { mode: 'fire' }, 'acknowledged', 'default:smoke'],
      ['siren-quiet', 'sound', { mode: 'fire' }, 'timeout', 'default:smoke'],
    ]);
    expect(items[1]?.error).toBe('no answer within 0.3 s');
    expect(broker.published.filter((p) => p.topic === commandTopic('siren-gate'))).toEqual([]);
    expect(broker.listening).toBe(0);

    // a repeat runs nothing again
    await t.alerts.handleTriggers([alertTrigger({ key: (await keyOf(alert.id)) ?? '', device: 'smk-0001' })]);
    expect(await actions(alert.id)).toHaveLength(2);
  });

  it('runs a guard’s command, checks the device and the command, and keeps officers and other schools out', async () => {
    const alert = await openedAlert(
      t,
      alertTrigger({ rule: 'default:intrusion', type: 'intrusion', device: 'smk-0001' }),
    );
    const path = `/api/alerts/${alert.id}/actions`;
    const run = await t.as('guard1', path, {
      method: 'POST',
      body: { device: 'lock-lab', command: 'unlock' },
    });
    expect(run).toMatchObject({
      status: 201,
      body: { device: 'lock-lab', command: 'unlock', result: 'sent', requestedBy: 'guard1' },
    });
    const [done] = await settled(alert.id, 1);
    expect(done).toMatchObject({ result: 'acknowledged', by: 'guard1' });

    const bad = async (body: unknown) => (await t.as('guard1', path, { method: 'POST', body })).status;
    expect(await bad({ device: 'smk-0002', command: 'sound' })).toBe(400); // another school's
    expect(await bad({ device: 'smk-0001', command: 'sound' })).toBe(400); // a detector takes none
    expect(await bad({ device: 'lock-lab', command: 'sound' })).toBe(400);
    expect(await bad({ device: 'siren-lab', command: 'sound', params: { mode: 'party' } })).toBe(400);
    expect(await bad({ device: 'siren-lab', command: 'explode' })).toBe(400);
    expect(
      (await t.as('yanta', path, { method: 'POST', body: { device: 'siren-lab', command: 'sound' } })).status,
    ).toBe(403);
    expect((await t.as('guard2', path)).status).toBe(404);
    expect(
      (await t.as('guard2', path, { method: 'POST', body: { device: 'siren-lab', command: 'sound' } }))
        .status,
    ).toBe(404);

    const { body } = await t.as('yanta', path);
    expect(body).toMatchObject({
      items: [{ device: 'lock-lab', result: 'acknowledged' }],
      devices: expect.arrayContaining([
        expect.objectContaining({ id: 'siren-lab', commands: ['sound', 'silence'] }),
      ]),
    });
  });

  it('confirms a held-back action once; 409 after', async () => {
    const alert = await openedAlert(
      t,
      alertTrigger({ rule: 'default:intrusion', type: 'intrusion', device: 'smk-0001' }),
    );
    const held = await t.handle.app.get(ActionRepository).create({
      id: `held-${alert.id}`,
      alertId: alert.id,
      device: 'lock-lab',
      deviceKind: 'door_lock',
      command: 'unlock',
      params: {},
      result: 'awaiting_confirmation',
      rule: 'default:intrusion',
      requestedBy: 'system',
    });
    const path = `/api/alerts/${alert.id}/actions/${held!.id}/confirm`;
    const before = broker.published.length;
    expect((await t.as('yanta', path, { method: 'POST' })).status).toBe(403);
    expect(broker.published.length).toBe(before);
    expect(await t.as('head1', path, { method: 'POST' })).toMatchObject({
      status: 200,
      body: { result: 'sent', confirmedBy: 'head1' },
    });
    expect((await t.as('guard1', path, { method: 'POST' })).status).toBe(409);
    const [done] = await settled(alert.id, 1);
    expect(done).toMatchObject({ result: 'acknowledged', confirmedBy: 'head1' });
    expect(broker.published.at(-1)).toMatchObject({
      topic: commandTopic('lock-lab'),
      payload: { id: held!.id, command: 'unlock' },
    });
    expect(
      (await t.as('guard1', `/api/alerts/${alert.id}/actions/nope/confirm`, { method: 'POST' })).status,
    ).toBe(404);
  });

  async function keyOf(alertId: string): Promise<string | undefined> {
    const rows = await t.db.query<{ dedup_key: string }>(
      'SELECT dedup_key FROM alerting.alerts WHERE id = $1',
      [alertId],
    );
    return rows.rows[0]?.dedup_key;
  }
});

describe('linkage without a command path (an alert service apart from the devices’ gateway)', () => {
  let t: AlertingHttp;
  beforeAll(async () => {
    t = await startAlertingHttp({ devices: DEVICES });
  });
  afterAll(() => t?.close());

  it('records each action as failed, with the reason', async () => {
    const alert = await openedAlert(
      t,
      alertTrigger({ rule: 'default:fire', type: 'fire', device: 'smk-0001' }),
    );
    const items = await waitFor(
      async () => {
        const { body } = await t.as('guard1', `/api/alerts/${alert.id}/timeline`);
        const found = (body as { items: TimelineItem[] }).items.filter((i) => i.kind === 'action');
        return found.length === 2 ? found : undefined;
      },
      { what: 'the two failed actions' },
    );
    for (const item of items) expect(item).toMatchObject({ result: 'failed', error: NO_COMMAND_PATH });
  });
});
