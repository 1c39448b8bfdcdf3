import { parseSites } from '@campus/device-protocols';
import { describe, expect, it } from 'vitest';
import { sitesYaml, type DeviceEntry } from '@campus/test-kit';
import { dormitoryAudit, UNNAMED_BUILDING } from './dormitory-audit';
import { parseRuleConfig } from '../rule-config';
import { RuleEngine } from '../rule-engine';
import {
  defaultRule,
  defaults,
  HOUR,
  SCHOOL_1,
  SCHOOL_2,
  SITES,
  SITES_SPEC,
  summary,
  T0,
} from '../../testing/rules.fixture';

const AUDIT = 'audit:dormitory_smoke';

describe('audit:dormitory_smoke — a dormitory building without a networked smoke detector', () => {
  it('one major hazard per failing building; a smoke detector elsewhere in the building (not dormitory use) does not count', () => {
    const out = new RuleEngine(SITES, defaults(AUDIT)).audit(T0);
    expect(summary(out)).toEqual([
      `hazard ${AUDIT}:${SCHOOL_2}:2号宿舍楼`,
      `hazard ${AUDIT}:${SCHOOL_2}:${UNNAMED_BUILDING}`,
    ]);
    expect(out[0]).toEqual({
      kind: 'hazard',
      key: `${AUDIT}:${SCHOOL_2}:2号宿舍楼`,
      source: AUDIT,
      title: '宿舍未安装联网烟感',
      grade: 'major',
      org: { province: '610000', city: '610100', county: '610113', school: SCHOOL_2 },
      device: null,
      at: T0,
      deadlineDays: 30,
      detail: {
        building: '2号宿舍楼',
        devices: ['dacc-2'],
        requires: 'smoke_detector with location.use: dormitory',
      },
    });
  });

  it('a native (1号) or Zigbee (3号) smoke detector in dormitory use passes the building', () => {
    const keys = summary(dormitoryAudit(defaultRule(AUDIT, 'dormitory_audit'), SITES, T0));
    expect(keys.some((k) => k.includes('1号宿舍楼') || k.includes('3号宿舍楼'))).toBe(false);
  });

  it('passes once the building gets one', () => {
    const fixed = parseSites(
      sitesYaml({
        ...SITES_SPEC,
        schools: SITES_SPEC.schools.map((school) => ({
          ...school,
          devices: school.devices.map((d): DeviceEntry => {
            if (d.id === 'dsmk-2')
              return {
                ...d,
                location: { building: '2号宿舍楼', floor: 1, room: '值班室', use: 'dormitory' },
              };
            if (d.id === 'dsos-4') return { ...d, kind: 'smoke_detector' };
            return d;
          }),
        })),
      }),
      'fixed.yaml',
    );
    expect(new RuleEngine(fixed, defaults(AUDIT)).audit(T0)).toEqual([]);
  });

  it('runs only when asked: messages and ticks never audit', () => {
    const engine = new RuleEngine(SITES, defaults(AUDIT));
    expect(engine.tick(T0 + 48 * HOUR)).toEqual([]);
  });

  it('can be disabled or narrowed to some schools', () => {
    const off = parseRuleConfig([{ id: AUDIT, enabled: false }]);
    expect(new RuleEngine(SITES, off).audit(T0)).toEqual([]);
    const narrowed = parseRuleConfig([{ id: AUDIT, match: { schools: [SCHOOL_1] } }]).filter(
      (r) => r.id === AUDIT,
    );
    expect(new RuleEngine(SITES, narrowed).audit(T0)).toEqual([]);
  });
});
