import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLATFORM_NODE_OPTIONS } from './node-options';

describe('the platform’s node flags', () => {
  it('are the ones npm start sets', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['start']).toContain(`NODE_OPTIONS="${PLATFORM_NODE_OPTIONS} \${NODE_OPTIONS:-}"`);
  });
});
