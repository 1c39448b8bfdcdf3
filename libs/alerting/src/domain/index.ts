export * from './alert';
export * from './trigger';
export * from './hazard';
export * from './drill';
export * from './risk-point';
export * from './inspection';
export * from './report';
export * from './audit';
