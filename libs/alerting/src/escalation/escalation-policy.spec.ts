import { SEVERITIES } from '@campus/device-protocols';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ESCALATION,
  REMINDER_INTERVAL_SECONDS,
  contactsFor,
  drillSteps,
  nextAfterLastStep,
  stepsFor,
} from './escalation-policy';
import { ESCALATION_YAML, SCHOOL_1, SCHOOL_2, fixtureSites } from '../testing/escalation-sites.fixture';

describe('stepsFor', () => {
  const plain = fixtureSites();
  const withPolicy = fixtureSites(ESCALATION_YAML);

  it('uses the built-in default for a severity the file leaves out', () => {
    expect(stepsFor(plain, 'critical', { drill: false })).toEqual([
      { level: 'school', afterSeconds: 0, channels: ['sms', 'voice'] },
      { level: 'county', afterSeconds: 120, channels: ['sms', 'voice'] },
      { level: 'city', afterSeconds: 300, channels: ['sms'] },
      { level: 'province', afterSeconds: 600, channels: ['sms'] },
    ]);
    expect(stepsFor(withPolicy, 'critical', { drill: false })).toEqual(DEFAULT_ESCALATION.critical);
    expect(stepsFor(plain, 'low', { drill: false })).toEqual([
      { level: 'school', afterSeconds: 0, channels: ['sms'] },
    ]);
  });

  it("uses the sites file's policy for a severity it names", () => {
    expect(stepsFor(withPolicy, 'high', { drill: false })).toEqual([
      { level: 'county', afterSeconds: 60, channels: ['voice'] },
      { level: 'city', afterSeconds: 120, channels: ['sms'] },
    ]);
  });

  it('returns copies the caller may change', () => {
    const steps = stepsFor(plain, 'critical', { drill: false });
    steps[0]?.channels.push('sms');
    expect(DEFAULT_ESCALATION.critical[0]?.channels).toEqual(['sms', 'voice']);
  });

  it('pages only the school for a drill', () => {
    for (const severity of SEVERITIES) {
      const steps = stepsFor(plain, severity, { drill: true });
      expect(steps.length).toBeGreaterThan(0);
      expect(steps.every((s) => s.level === 'school')).toBe(true);
    }
    expect(stepsFor(plain, 'critical', { drill: true })).toEqual([
      { level: 'school', afterSeconds: 0, channels: ['sms', 'voice'] },
    ]);
  });

  it('still pages the school in a drill when the policy has no school step', () => {
    expect(stepsFor(withPolicy, 'high', { drill: true })).toEqual([
      { level: 'school', afterSeconds: 60, channels: ['voice'] },
    ]);
    expect(drillSteps([])).toEqual([]);
  });

  it('defaults start at the school at once and fire in order', () => {
    for (const severity of SEVERITIES) {
      const steps = DEFAULT_ESCALATION[severity];
      expect(steps[0]).toMatchObject({ level: 'school', afterSeconds: 0 });
      steps.forEach((s, i) => i > 0 && expect(s.afterSeconds).toBeGreaterThan(steps[i - 1]!.afterSeconds));
    }
  });
});

describe('contactsFor', () => {
  const sites = fixtureSites();

  it("returns the contacts of the unit at that level on the school's chain", () => {
    expect(contactsFor(sites, SCHOOL_1, 'school').map((c) => c.name)).toEqual(['张伟']);
    expect(contactsFor(sites, SCHOOL_1, 'county').map((c) => c.phone)).toEqual([
      '+8613800000002',
      '+8613800000003',
    ]);
    expect(contactsFor(sites, SCHOOL_1, 'city').map((c) => c.org)).toEqual(['610100']);
    expect(contactsFor(sites, SCHOOL_1, 'province').map((c) => c.org)).toEqual(['610000']);
  });

  it('returns nothing for a school without contacts, but the shared county for it', () => {
    expect(contactsFor(sites, SCHOOL_2, 'school')).toEqual([]);
    expect(contactsFor(sites, SCHOOL_2, 'county')).toHaveLength(2);
  });
});

describe('reminders after the last step', () => {
  it('repeat every 300 s for critical and high, never for low', () => {
    expect(nextAfterLastStep('critical')).toBe(300);
    expect(nextAfterLastStep('high')).toBe(300);
    expect(nextAfterLastStep('medium')).toBe(REMINDER_INTERVAL_SECONDS.medium);
    expect(nextAfterLastStep('low')).toBeNull();
  });
});
