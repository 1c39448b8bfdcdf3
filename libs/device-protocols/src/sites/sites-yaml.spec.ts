import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_SITES_PATH } from './demo-sites';
import { readSitesFile } from './parse-sites';
import { formatSitesYaml } from './sites-yaml';

describe('formatSitesYaml', () => {
  it('writes a file that reads back as the same document and the same sites', () => {
    const demo = readSitesFile(readFileSync(DEMO_SITES_PATH, 'utf8'), 'demo');
    const text = formatSitesYaml(demo.document, 'exported\nfrom the registry');
    expect(text.startsWith('# exported\n# from the registry\n')).toBe(true);
    const again = readSitesFile(text, 'exported');
    expect(again.document).toEqual(demo.document);
    expect(again.sites.devices).toEqual(demo.sites.devices);
    expect(text).toContain('"610000"');
  });
});
