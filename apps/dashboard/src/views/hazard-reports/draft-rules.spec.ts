import { describe, expect, it } from 'vitest';
import { EMPTY_FIELDS, isEmptyDraft, isRetryable, normalizeFields } from './draft-rules';

describe('draft rules', () => {
  it('an untouched form is no draft; any field or photo makes one', () => {
    expect(isEmptyDraft(EMPTY_FIELDS, 0)).toBe(true);
    expect(isEmptyDraft({ ...EMPTY_FIELDS, description: '  ' }, 0)).toBe(true);
    expect(isEmptyDraft(EMPTY_FIELDS, 1)).toBe(false);
    expect(isEmptyDraft({ ...EMPTY_FIELDS, description: '楼梯堵塞' }, 0)).toBe(false);
    expect(isEmptyDraft({ ...EMPTY_FIELDS, category: 'fire_exit' }, 0)).toBe(false);
    expect(isEmptyDraft({ ...EMPTY_FIELDS, contact: '139' }, 0)).toBe(false);
  });

  it('retries by itself after no network, a server failure or throttling; not after a refusal', () => {
    for (const s of [0, 408, 429, 500, 502, 503, 504]) expect(isRetryable(s)).toBe(true);
    for (const s of [400, 401, 403, 404, 413]) expect(isRetryable(s)).toBe(false);
  });

  it('reads older or damaged drafts field by field', () => {
    expect(normalizeFields(null)).toEqual(EMPTY_FIELDS);
    expect(normalizeFields({ description: '插座破损', urgent: true, floor: 2 })).toEqual({
      ...EMPTY_FIELDS,
      description: '插座破损',
      urgent: true,
    });
  });
});
