import { describe, expect, it } from 'vitest';
import { registryDocument } from '../../testing/registry-document.fixture';
import { addRule, findRule, policyOf, removeRule, replaceRule, setPolicy } from './policies';
import { checkDocument } from './sites-document';

const RULE = {
  id: 'sos-anywhere',
  kind: 'event',
  match: { eventTypes: ['sos'], schedule: 'always' },
  alert: { type: 'sos', severity: 'critical' },
};

describe('policy and rule transforms', () => {
  it('sets a policy and returns a severity to the default with null', () => {
    const steps = [{ level: 'school' as const, after: '0s', channels: ['sms' as const] }];
    const next = setPolicy(registryDocument(), 'low', steps);
    expect(policyOf(next, 'low')).toEqual(steps);
    expect(checkDocument(next).escalation.low).toHaveLength(1);
    expect(policyOf(setPolicy(next, 'low', null), 'low')).toBeNull();
  });

  it('adds, replaces in place and removes a rule, each checked by the rules’ parser', () => {
    const added = addRule(registryDocument(), RULE);
    expect(() => checkDocument(added)).not.toThrow();
    expect(() => addRule(added, RULE)).toThrow(/already in the registry/);
    const replaced = replaceRule(added, RULE.id, { ...RULE, alert: { type: 'sos', severity: 'high' } });
    expect(findRule(replaced, RULE.id)).toMatchObject({ alert: { severity: 'high' } });
    expect(findRule(removeRule(replaced, RULE.id), RULE.id)).toBeUndefined();
    expect(() => checkDocument(addRule(registryDocument(), { id: 'x', kind: 'toaster' }))).toThrow(
      /rules\[0\]/,
    );
  });
});
