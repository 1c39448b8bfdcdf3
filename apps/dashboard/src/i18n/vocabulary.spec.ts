import { ALERT_TYPE_LABELS, DEVICE_KIND_LABELS, PLACE_USE_LABELS } from '@campus/api-contract';
import { describe, expect, it } from 'vitest';
import { consoleMessages } from './console';
import { shell } from './shell';
import { vocabulary } from './vocabulary';

type Tree = { [key: string]: string | Tree };

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** The tree with every text replaced by its placeholders: equal in both languages. */
const shape = (tree: string | Tree): unknown =>
  typeof tree === 'string'
    ? placeholders(tree)
    : Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, shape(v)]));

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
    expect(shape(module.en as Tree)).toEqual(shape(module['zh-CN'] as Tree));
  });

  it('share no top-level key with each other', () => {
    const others = [shell, consoleMessages, vocabulary].filter((m) => m !== module);
    for (const key of Object.keys(module['zh-CN'])) {
      for (const other of others) expect(Object.keys(other['zh-CN']), key).not.toContain(key);
    }
  });
});
