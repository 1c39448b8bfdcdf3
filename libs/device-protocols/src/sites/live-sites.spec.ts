import { describe, expect, it } from 'vitest';
import { sitesYaml } from '@campus/test-kit';
import { liveSites, perSnapshot, snapshotOf, sourceOf } from './live-sites';
import { parseSites } from './parse-sites';
import { SitesHolder } from './sites-source';

function sitesWith(devices: string[]) {
  return parseSites(
    sitesYaml({
      schools: [
        {
          code: '6101130001',
          name: '一中',
          devices: devices.map((id) => ({ id, kind: 'smoke_detector', secret: 'demo-secret-1234' })),
        },
      ],
    }),
    'test',
  );
}

describe('live sites', () => {
  it('reads the holder at each use, lookups included', () => {
    const holder = new SitesHolder(sitesWith(['sd-1']), 1);
    const live = liveSites(holder);
    expect(live.deviceById.has('sd-2')).toBe(false);
    holder.replace(sitesWith(['sd-1', 'sd-2']), 2);
    expect(live.deviceById.has('sd-2')).toBe(true);
    expect(live.devices.map((d) => d.id)).toEqual(['sd-1', 'sd-2']);
    expect(snapshotOf(live)).toBe(holder.current);
  });

  it('rebuilds what is derived once per snapshot', () => {
    const holder = new SitesHolder(sitesWith(['sd-1']), 1);
    const live = liveSites(holder);
    let builds = 0;
    const ids = perSnapshot((s) => {
      builds += 1;
      return new Set(s.devices.map((d) => d.id));
    });
    expect(ids(live).has('sd-2')).toBe(false);
    expect(ids(live).has('sd-1')).toBe(true);
    expect(builds).toBe(1);
    holder.replace(sitesWith(['sd-2']), 2);
    expect(ids(live).has('sd-2')).toBe(true);
    expect(ids(live).has('sd-1')).toBe(false);
    expect(builds).toBe(2);
  });

  it('finds the source behind a view, and wraps plain sites in a holder of their own', () => {
    const holder = new SitesHolder(sitesWith(['sd-1']), 1);
    expect(sourceOf(liveSites(holder))).toBe(holder);
    expect(sourceOf(holder)).toBe(holder);
    const plain = sitesWith(['sd-1']);
    expect(sourceOf(plain).current).toBe(plain);
  });
});
