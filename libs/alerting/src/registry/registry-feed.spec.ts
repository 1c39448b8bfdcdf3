import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { readSitesFile, registryFeedMessageSchema, SitesHolder } from '@campus/device-protocols';
import { sitesYaml, waitFor } from '@campus/test-kit';
import { registryFeedMessages, RegistryFeedPublisher } from './registry-feed';

const file = (devices: string[]) =>
  readSitesFile(
    sitesYaml({
      schools: [
        {
          code: '6101130001',
          name: '一中',
          devices: devices.map((id) => ({ id, kind: 'smoke_detector', secret: 'feed-secret-1' })),
        },
        { code: '6101130002', name: '二中' },
      ],
      contacts: [{ org: '6101130001', name: '张伟', phone: '+8613800000001' }],
      gateways: [
        { id: 'gw-a', schools: ['6101130001'] },
        { id: 'gw-b', schools: ['6101130002'] },
      ],
    }),
    'test',
  );

describe('registry feed', () => {
  it("one retained message per gateway, on its own topic, with its schools' part only", () => {
    const messages = registryFeedMessages(file(['smk-1']).document, 7);
    expect(messages.map((m) => m.topic)).toEqual(['platform/v1/registry/gw-a', 'platform/v1/registry/gw-b']);
    const a = registryFeedMessageSchema.parse(JSON.parse(messages[0]!.payload));
    expect(a).toMatchObject({ v: 1, version: 7, gateway: 'gw-a' });
    expect(JSON.stringify(a.document)).toContain('smk-1');
    expect(JSON.stringify(a.document)).not.toContain('+8613800000001');
    expect(JSON.stringify(JSON.parse(messages[1]!.payload))).not.toContain('smk-1');
  });

  it('publishes the current version at start and each new one, the newest when they come quickly', async () => {
    let current = { version: 1, document: file(['smk-1']).document };
    const holder = new SitesHolder(file(['smk-1']).sites, 1);
    const published: number[] = [];
    const feed = new RegistryFeedPublisher({
      store: { read: async () => current },
      source: holder,
      publish: async (_topic, payload) => {
        await new Promise((r) => setTimeout(r, 5));
        published.push(JSON.parse(payload).version as number);
      },
      logger: pino({ level: 'silent' }),
    });
    feed.start();
    for (const version of [2, 3, 4]) {
      current = { version, document: file(['smk-1', `smk-${version}`]).document };
      holder.replace(file(['smk-1']).sites, version);
    }
    await waitFor(() => published.includes(4), { what: 'version 4 published' });
    await feed.stop();
    expect(Math.max(...published)).toBe(4);
    expect(published.length).toBeLessThanOrEqual(4); // two gateways, at most two rounds: coalesced
  });
});
