import { describe, expect, it } from 'vitest';
import { account } from './account';
import { audit } from './audit';
import { devices } from './devices';
import { hazardReports } from './hazard-reports';
import { hazards } from './hazards';
import { inspections } from './inspections';
import { overview } from './overview';
import { reports } from './reports';

type Tree = { [key: string]: string | Tree };

/** Every leaf path of a message tree, with its text. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(path, v);
    else for (const [p, s] of leaves(v, path)) out.set(p, s);
  }
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each([
  ['account', account],
  ['audit', audit],
  ['devices', devices],
  ['hazards', hazards],
  ['hazardReports', hazardReports],
  ['inspections', inspections],
  ['overview', overview],
  ['reports', reports],
])('the %s messages', (key, module) => {
  const zh = leaves(module['zh-CN'] as Tree);
  const en = leaves(module.en as Tree);

  it('live under their own top-level key', () => {
    expect(Object.keys(module['zh-CN'])).toEqual([key]);
    expect(Object.keys(module.en)).toEqual([key]);
  });

  it('say everything in both languages, with the same placeholders', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
    for (const [path, text] of zh) {
      expect(text.trim(), path).not.toBe('');
      expect(en.get(path)!.trim(), path).not.toBe('');
      expect(placeholders(en.get(path)!), path).toEqual(placeholders(text));
    }
  });

  it('use no vue-i18n syntax characters by accident (@ | $ start linked messages and plurals)', () => {
    for (const [path, text] of [...zh, ...en]) expect(text, path).not.toMatch(/[@|$]/);
  });
});
