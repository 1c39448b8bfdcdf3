import { describe, expect, it } from 'vitest';
import { isOperatorError } from './service-runner';

class SitesFileError extends Error {
  override name = 'SitesFileError';
}

describe('isOperatorError', () => {
  it('recognises configuration errors by name, not programming errors', () => {
    expect(isOperatorError(new SitesFileError('x'))).toBe(true);
    expect(isOperatorError(new TypeError('x'))).toBe(false);
    expect(isOperatorError('text')).toBe(false);
  });
});
