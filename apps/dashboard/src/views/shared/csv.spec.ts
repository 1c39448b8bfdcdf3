import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a BOM, CRLF lines, and quotes only the fields that need it', () => {
    expect(
      toCsv([
        ['编号', '标题'],
        ['h1', 'a "quoted", text'],
        ['h2', null],
      ]),
    ).toBe('\uFEFF编号,标题\r\nh1,"a ""quoted"", text"\r\nh2,\r\n');
  });
});
