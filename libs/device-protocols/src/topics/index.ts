export * from './native-topic';
export * from './uplink-topic';
