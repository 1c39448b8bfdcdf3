import { describe, expect, it } from 'vitest';
import type { Device } from '@campus/device-protocols';
import { PanelAccess } from './panel-access';

const panel = (id: string, allowFrom?: string[]): Device => ({
  id,
  kind: 'fire_alarm_panel',
  protocol: 'gb26875',
  org: { province: '610000', city: '610100', county: '610113', school: '2161010001' },
  address: 1,
  ...(allowFrom ? { allowFrom } : {}),
});

describe('PanelAccess: who may speak for which panel', () => {
  it("a panel's own allowFrom wins over every default", () => {
    const access = new PanelAccess([panel('a', ['10.1.0.0/16'])], ['10.2.0.0/16']);
    expect(access.allows({ id: 'a' }, '10.1.2.3')).toBe(true);
    expect(access.allows({ id: 'a' }, '::ffff:10.1.2.3')).toBe(true);
    expect(access.allows({ id: 'a' }, '10.2.0.1')).toBe(false);
    expect(access.allows({ id: 'a' }, '127.0.0.1')).toBe(false);
    expect(access.describe({ id: 'a' })).toEqual({ allowFrom: '10.1.0.0/16', source: 'allowFrom' });
  });

  it('without allowFrom, GB26875_ALLOW_FROM applies (and loopback is not implied)', () => {
    const access = new PanelAccess([panel('a')], ['10.2.0.0/16', 'fd00::/8']);
    expect(access.allows({ id: 'a' }, '10.2.0.1')).toBe(true);
    expect(access.allows({ id: 'a' }, 'fd00::5')).toBe(true);
    expect(access.allows({ id: 'a' }, '127.0.0.1')).toBe(false);
    expect(access.defaultSource).toBe('GB26875_ALLOW_FROM');
    expect(access.onDefault).toEqual(['a']);
  });

  it('without either, this host only', () => {
    const access = new PanelAccess([panel('a'), panel('b', ['10.1.0.0/16'])]);
    for (const peer of ['127.0.0.1', '::1', '::ffff:127.0.0.1'])
      expect(access.allows({ id: 'a' }, peer), peer).toBe(true);
    expect(access.allows({ id: 'a' }, '10.1.0.1')).toBe(false);
    expect(access.defaultSource).toBe('loopback default');
    expect(access.onDefault).toEqual(['a']);
  });

  it('a connection is let in only from a network some panel allows', () => {
    const access = new PanelAccess([panel('a', ['10.1.0.0/16']), panel('b', ['fd00::/8'])]);
    expect(access.allowsAny('10.1.9.9')).toBe(true);
    expect(access.allowsAny('::ffff:10.1.9.9')).toBe(true);
    expect(access.allowsAny('fd00::1')).toBe(true);
    // every panel has its own list: the loopback default is nobody's, so it lets nobody in
    expect(access.allowsAny('127.0.0.1')).toBe(false);
    expect(access.allowsAny('10.2.0.1')).toBe(false);
    expect(access.allowsAny(undefined)).toBe(false);
    expect(new PanelAccess([]).allowsAny('127.0.0.1')).toBe(false);
    expect(new PanelAccess([panel('c')]).allowsAny('127.0.0.1')).toBe(true);
  });
});
