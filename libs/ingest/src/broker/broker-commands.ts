import type { Aedes, AedesPublishPacket } from 'aedes';

/**
 * Commands to devices on this broker (docs/protocol.md, "Commands to devices"): the alert service
 * publishes a command and listens for the device's answer here, in process, as the broker itself
 * (no account, no ACL: a device may still only subscribe to its own topics).
 */
export interface BrokerCommandPort {
  publish(topic: string, payload: string): Promise<void>;
  /** Calls `onMessage` for each message on exactly `topic` until the returned function is called. */
  subscribe(topic: string, onMessage: (payload: Uint8Array) => void): Promise<() => Promise<void>>;
}

export function brokerCommandPort(broker: () => Aedes): BrokerCommandPort {
  return {
    publish: (topic, payload) =>
      new Promise<void>((resolve, reject) =>
        broker().publish(
          { cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: false, dup: false },
          (err) => (err ? reject(err) : resolve()),
        ),
      ),
    subscribe: (topic, onMessage) =>
      new Promise((resolve) => {
        const deliver = (packet: AedesPublishPacket, done: () => void) => {
          try {
            const { payload } = packet;
            onMessage(typeof payload === 'string' ? Buffer.from(payload) : payload);
          } finally {
            done();
          }
        };
        broker().subscribe(topic, deliver, () =>
          resolve(() => new Promise<void>((gone) => broker().unsubscribe(topic, deliver, () => gone()))),
        );
      }),
  };
}
