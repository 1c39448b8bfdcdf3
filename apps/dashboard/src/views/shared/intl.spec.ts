import { describe, expect, it } from 'vitest';
import { dateTimeFormat, relativeTimeFormat } from './intl';

describe('Intl formatters', () => {
  it('are built once per locale and style, and reused', () => {
    const time = { hour: '2-digit', minute: '2-digit', hour12: false } as const;
    expect(dateTimeFormat('zh-CN', time)).toBe(dateTimeFormat('zh-CN', { ...time }));
    expect(dateTimeFormat('zh-CN', time)).not.toBe(dateTimeFormat('en', time));
    expect(relativeTimeFormat('zh-CN')).toBe(relativeTimeFormat('zh-CN'));
    expect(dateTimeFormat('zh-CN', time).format(new Date(2026, 0, 1, 9, 5))).toBe('09:05');
  });
});
