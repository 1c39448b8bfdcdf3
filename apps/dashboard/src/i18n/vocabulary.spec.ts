import { ALERT_TYPE_LABELS, DEVICE_KIND_LABELS, PLACE_USE_LABELS } from '@campus/api-contract';
import { describe, expect, it } from 'vitest';
import { consoleMessages } from './console';
import { shell } from './shell';
import { vocabulary } from './vocabulary';

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

describe('the vocabulary', () => {
  it('shows the alert types, device kinds and place uses of libs/api-contract, as SMS and voice do', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const messages = vocabulary[locale] as Tree;
      for (const [group, labels] of [
        ['alertType', ALERT_TYPE_LABELS],
        ['deviceKind', DEVICE_KIND_LABELS],
        ['use', PLACE_USE_LABELS],
      ] as const) {
        const expected = Object.fromEntries(Object.entries(labels).map(([k, l]) => [k, l[locale]]));
        expect(messages[group], `${locale} ${group}`).toEqual(expected);
      }
    }
    expect((vocabulary['zh-CN'] as Tree)['alertType']).toMatchObject({ intrusion: '入侵报警' });
  });
});

describe.each([
  ['shell', shell],
  ['console', consoleMessages],
  ['vocabulary', vocabulary],
])('the %s messages', (_name, module) => {
  it('say everything in both languages, with the same placeholders', () => {
    const zh = leaves(module['zh-CN'] as Tree);
    const en = leaves(module.en as Tree);
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
    for (const [path, text] of zh) expect(placeholders(en.get(path)!), path).toEqual(placeholders(text));
  });

  it('share no top-level key with each other', () => {
    const others = [shell, consoleMessages, vocabulary].filter((m) => m !== module);
    for (const key of Object.keys(module['zh-CN'])) {
      for (const other of others) expect(Object.keys(other['zh-CN']), key).not.toContain(key);
    }
  });
});
