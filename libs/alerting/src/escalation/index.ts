export * from './escalation-policy';
export * from './escalation-plan';
export * from './ports';
export * from './escalation-step-runner';
export * from './escalation-scheduler';
export * from './duty-roster';
