export * from './alert';
export * from './trigger';
export * from './hazard';
