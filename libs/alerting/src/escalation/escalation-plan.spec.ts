import { describe, expect, it } from 'vitest';
import {
  firstSchedule,
  nextStep,
  planEscalation,
  scheduleAfter,
  type EscalationSnapshot,
} from './escalation-plan';
import { DEFAULT_ESCALATION } from './escalation-policy';
import { fixtureSites } from '../testing/escalation-sites.fixture';

const opened = new Date('2026-11-28T10:00:00.000Z');
const plus = (s: number): Date => new Date(opened.getTime() + s * 1000);
const critical: EscalationSnapshot = {
  steps: DEFAULT_ESCALATION.critical,
  severity: 'critical',
  drill: false,
};

describe('nextStep', () => {
  it('gives each policy step and its due time from the opening', () => {
    expect(nextStep(critical, 0, opened)).toEqual({
      index: 0,
      kind: 'step',
      level: 'school',
      reminder: 0,
      targets: [{ level: 'school', channels: ['sms', 'voice'] }],
      dueAt: opened,
    });
    expect(nextStep(critical, 1, opened)).toMatchObject({ kind: 'step', level: 'county', dueAt: plus(120) });
    expect(nextStep(critical, 3, opened)).toMatchObject({
      kind: 'step',
      level: 'province',
      dueAt: plus(600),
    });
  });

  it('continues with reminders to the school and the highest level', () => {
    expect(nextStep(critical, 4, opened)).toEqual({
      index: 4,
      kind: 'reminder',
      level: 'province',
      reminder: 1,
      targets: [
        { level: 'school', channels: ['sms', 'voice'] },
        { level: 'province', channels: ['sms'] },
      ],
      dueAt: plus(900),
    });
    expect(nextStep(critical, 6, opened)).toMatchObject({ reminder: 3, dueAt: plus(1500) });
  });

  it('has nothing after the last step of a severity without reminders', () => {
    const low: EscalationSnapshot = { steps: DEFAULT_ESCALATION.low, severity: 'low', drill: false };
    expect(nextStep(low, 0, opened)).toMatchObject({ level: 'school' });
    expect(nextStep(low, 1, opened)).toBeNull();
    expect(nextStep({ steps: [], severity: 'critical', drill: false }, 0, opened)).toBeNull();
  });

  it('pages only the school for a drill row, even with unfiltered steps', () => {
    const drill = { ...critical, drill: true };
    expect(nextStep(drill, 0, opened)).toMatchObject({ level: 'school' });
    expect(nextStep(drill, 1, opened)).toMatchObject({
      kind: 'reminder',
      level: 'school',
      targets: [{ level: 'school', channels: ['sms', 'voice'] }],
      dueAt: plus(300),
    });
  });
});

describe('scheduleAfter', () => {
  it('moves to the next step at its time', () => {
    expect(scheduleAfter(critical, 0, opened, plus(0))).toEqual({ nextStepIndex: 1, nextStepAt: plus(120) });
  });

  it('never skips a policy step, even when late', () => {
    expect(scheduleAfter(critical, 0, opened, plus(700))).toEqual({
      nextStepIndex: 1,
      nextStepAt: plus(120),
    });
  });

  it('skips reminders missed while nothing ran', () => {
    expect(scheduleAfter(critical, 3, opened, plus(600))).toEqual({
      nextStepIndex: 4,
      nextStepAt: plus(900),
    });
    // sent the province step very late, at 1 h 2 min: the next reminder is the first after that
    expect(scheduleAfter(critical, 3, opened, plus(3720))).toEqual({
      nextStepIndex: 14,
      nextStepAt: plus(3900),
    });
    expect(nextStep(critical, 14, opened)?.dueAt).toEqual(plus(3900));
  });

  it('ends after the last step without reminders', () => {
    const low: EscalationSnapshot = { steps: DEFAULT_ESCALATION.low, severity: 'low', drill: false };
    expect(scheduleAfter(low, 0, opened, opened)).toEqual({ nextStepIndex: 1, nextStepAt: null });
  });
});

describe('planning a new alert', () => {
  it('starts at step 0 at its due time', () => {
    expect(firstSchedule(critical, opened)).toEqual({ nextStepIndex: 0, nextStepAt: opened });
    const plan = planEscalation(fixtureSites(), { severity: 'high', drill: true, openedAt: opened });
    expect(plan).toEqual({
      steps: [{ level: 'school', afterSeconds: 0, channels: ['sms'] }],
      nextStepIndex: 0,
      nextStepAt: opened,
    });
  });
});
