export * from './native-topic';
export * from './uplink-topic';
export * from './registry-topic';
export * from './command-topic';
