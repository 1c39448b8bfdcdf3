import { describe, expect, it } from 'vitest';
import { PanelPresence, REANNOUNCE_MS } from './panel-presence';

describe('PanelPresence', () => {
  it('announces a panel on its first frame, again after a minute, not in between', () => {
    const presence = new PanelPresence<string>();
    expect(presence.claim('fap-1', 'a', 0)).toBe(true);
    expect(presence.claim('fap-1', 'a', 10)).toBe(true); // the first announcement has not landed yet
    presence.announced('fap-1', 'a', 10);
    expect(presence.claim('fap-1', 'a', 20)).toBe(false);
    expect(presence.claim('fap-1', 'a', 10 + REANNOUNCE_MS)).toBe(true);
  });

  it('lets a reconnected transmitter take over: the old connection closing takes nothing offline', () => {
    const presence = new PanelPresence<string>();
    presence.claim('fap-1', 'old', 0);
    presence.announced('fap-1', 'old', 0);
    expect(presence.claim('fap-1', 'new', 5)).toBe(true);
    expect(presence.release('old')).toEqual([]);
    expect(presence.online).toBe(1);
    expect(presence.release('new')).toEqual(['fap-1']);
    expect(presence.online).toBe(0);
  });

  it('names the connection that holds a panel, so a newer one can close it', () => {
    const presence = new PanelPresence<string>();
    expect(presence.holder('fap-1')).toBeUndefined();
    presence.claim('fap-1', 'old', 0);
    expect(presence.holder('fap-1')).toBe('old');
    presence.claim('fap-1', 'new', 5);
    expect(presence.holder('fap-1')).toBe('new');
    presence.release('new');
    expect(presence.holder('fap-1')).toBeUndefined();
  });
});
