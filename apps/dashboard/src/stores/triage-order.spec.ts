import { describe, expect, it } from 'vitest';
import type { Alert } from '@campus/api-contract';
import { compareTriage, escalationMark, isPersonInDanger, triageSort } from './triage-order';

type A = Pick<Alert, 'id' | 'status' | 'severity' | 'type' | 'panic' | 'openedAt'>;

const at = (minute: number) => new Date(Date.UTC(2026, 10, 28, 2, minute)).toISOString();
const alert = (id: string, over: Partial<A> = {}): A => ({
  id,
  status: 'open',
  severity: 'high',
  type: 'gas',
  panic: false,
  openedAt: at(0),
  ...over,
});
const ids = (list: A[]) => triageSort(list).map((a) => a.id);

describe('triage order: open first, a person in danger first, then severity, then newest', () => {
  const sos = alert('sos', { type: 'sos', severity: 'critical', panic: true, openedAt: at(0) });
  const smoke = alert('smoke', { type: 'smoke', severity: 'critical', openedAt: at(5) });
  const gas = alert('gas', { openedAt: at(6) });
  const fight = alert('fight', { type: 'fight', openedAt: at(7) });
  const offline = alert('offline', { type: 'device_offline', severity: 'low', openedAt: at(9) });

  it('puts an SOS raised first above newer criticals, highs and lows; same severity newest first', () => {
    expect(ids([offline, gas, smoke, fight, sos])).toEqual(['sos', 'smoke', 'fight', 'gas', 'offline']);
  });

  it('sinks an acknowledged SOS below every open alert, a low one too', () => {
    const acked = { ...sos, status: 'acknowledged' as const };
    expect(ids([acked, offline, gas])).toEqual(['gas', 'offline', 'sos']);
  });

  it('orders the acknowledged among themselves the same way', () => {
    const ackSos = { ...sos, status: 'acknowledged' as const };
    const ackSmoke = { ...smoke, status: 'acknowledged' as const };
    const ackLow = { ...offline, status: 'acknowledged' as const };
    expect(ids([ackLow, ackSmoke, ackSos])).toEqual(['sos', 'smoke', 'offline']);
  });

  it('counts a one-key alarm as a person in danger by its type even without the panic flag', () => {
    expect(isPersonInDanger({ type: 'sos', panic: false })).toBe(true);
    expect(isPersonInDanger({ type: 'panic', panic: false })).toBe(true);
    expect(isPersonInDanger({ type: 'smoke', panic: true })).toBe(true);
    expect(isPersonInDanger({ type: 'smoke', panic: false })).toBe(false);
    const plainSos = alert('sos2', { type: 'sos', severity: 'critical', openedAt: at(0) });
    expect(ids([smoke, plainSos])).toEqual(['sos2', 'smoke']);
  });

  it('is a total order: ties on time break by id, and the input is not changed', () => {
    const a = alert('a');
    const b = alert('b');
    const input = [a, b];
    expect(ids(input)).toEqual(['b', 'a']);
    expect(input.map((x) => x.id)).toEqual(['a', 'b']);
    expect(compareTriage(a, a)).toBe(0);
  });

  it('puts an unknown severity last among the open', () => {
    const odd = alert('odd', { severity: 'unknown' as Alert['severity'], openedAt: at(30) });
    expect(ids([odd, offline])).toEqual(['offline', 'odd']);
  });
});

describe('escalation mark: the level reached and the wait', () => {
  const now = Date.parse(at(8));
  it('is absent while the alert is still at its school', () => {
    expect(
      escalationMark({ level: 'school', status: 'open', openedAt: at(0), acknowledgedAt: null }, now),
    ).toBe(null);
  });

  it('counts an unacknowledged escalated alert as still waiting, up to now', () => {
    expect(
      escalationMark({ level: 'province', status: 'open', openedAt: at(0), acknowledgedAt: null }, now),
    ).toEqual({ level: 'province', waitedMs: 8 * 60_000, stillWaiting: true });
  });

  it('stops the wait at the acknowledgement', () => {
    expect(
      escalationMark(
        { level: 'county', status: 'acknowledged', openedAt: at(0), acknowledgedAt: at(3) },
        now,
      ),
    ).toEqual({ level: 'county', waitedMs: 3 * 60_000, stillWaiting: false });
  });
});
