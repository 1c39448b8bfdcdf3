import { describe, expect, it } from 'vitest';
import type { HazardState } from '../../api/hazards';
import { actionsFor } from './hazard-actions';
import { hazard } from './hazard-fixtures';

const guard = { username: 'school1', role: 'school_security' };
const admin = { username: 'principal', role: 'school_admin' };
const county = { username: 'yanta', role: 'county_officer' };
const at = (state: HazardState, rectifiedBy: string | null = null) => hazard('h', { state, rectifiedBy });
const names = (offers: ReturnType<typeof actionsFor>) =>
  offers.map((o) => `${o.action}→${o.to}${o.blocked ? '!' : ''}`);

describe('actionsFor: the workflow steps each role may take from each state', () => {
  it('lets the school rectify and submit, not accept', () => {
    expect(names(actionsFor(at('registered'), guard))).toEqual(['start→rectifying']);
    expect(names(actionsFor(at('rectifying'), guard))).toEqual(['submit→awaiting_acceptance']);
    expect(names(actionsFor(at('awaiting_acceptance', 'school1'), guard))).toEqual([]);
    expect(names(actionsFor(at('closed'), guard))).toEqual([]);
  });

  it('lets officers accept or send back, and nothing else', () => {
    expect(names(actionsFor(at('registered'), county))).toEqual([]);
    expect(names(actionsFor(at('rectifying'), county))).toEqual([]);
    expect(names(actionsFor(at('awaiting_acceptance', 'school1'), county))).toEqual([
      'accept→closed',
      'reject→rectifying',
    ]);
  });

  it('offers the rectifier the accept button disabled: the acceptor is not the rectifier', () => {
    expect(names(actionsFor(at('awaiting_acceptance', 'principal'), admin))).toEqual([
      'accept→closed!',
      'reject→rectifying',
    ]);
    expect(actionsFor(at('awaiting_acceptance', 'principal'), admin)[0]!.blocked).toBe('self_accept');
    expect(names(actionsFor(at('awaiting_acceptance', 'school1'), admin))).toEqual([
      'accept→closed',
      'reject→rectifying',
    ]);
  });

  it('follows the permission list of the login answer when the session has one', () => {
    const onlyRead = { username: 'x', role: 'school_admin', permissions: ['hazards.read'] };
    expect(actionsFor(at('registered'), onlyRead)).toEqual([]);
    expect(actionsFor(at('registered'), null)).toEqual([]);
  });
});
