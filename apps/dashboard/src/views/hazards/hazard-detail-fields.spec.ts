import { describe, expect, it } from 'vitest';
import { hazardDetailRows, type DetailText } from './hazard-detail-fields';

const TEXTS: Record<string, string> = {
  'hazards.detail.causeStatus': '设备报告离线',
  'hazards.detail.causeSilent': '长时间无数据',
  'hazardReports.category.fire_exit': '消防通道/安全出口',
};
const text: DetailText = {
  t: (key, params) =>
    key === 'hazards.detail.causeSilentFor' ? `${String(params?.['n'])} 分钟无数据` : TEXTS[key]!,
  text: (key) => TEXTS[key],
  dateTime: (at) => `at ${at.slice(0, 10)}`,
};

describe('hazardDetailRows', () => {
  it('says why a device is offline and when it was last heard, in words and a date', () => {
    expect(hazardDetailRows({ cause: 'status', lastHeard: 1796626067254, silentSeconds: 300 }, text)).toEqual(
      [
        { label: 'hazards.detail.cause', value: '设备报告离线' },
        { label: 'hazards.detail.lastHeard', value: 'at 2026-12-07' },
      ],
    );
    expect(hazardDetailRows({ cause: 'silence', silentSeconds: 300, lastHeard: null }, text)).toEqual([
      { label: 'hazards.detail.cause', value: '5 分钟无数据' },
    ]);
  });
  it('names a report’s category and leaves internal fields out', () => {
    expect(
      hazardDetailRows(
        { category: 'fire_exit', reportId: '61a8f152-9c1e', inspectionId: 'x', photos: 2 },
        text,
      ),
    ).toEqual([{ label: 'hazards.detail.category', value: '消防通道/安全出口' }]);
  });
});
