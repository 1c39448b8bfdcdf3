export * from './device-commands';
export * from './command-channel';
export * from './command-channels';
export { nativeCommands } from './native-commands';
export { zigbee2mqttCommands } from './zigbee2mqtt-commands';
export * from './send-command';
