export * from './org';
export * from './device';
export * from './messages';
