import type { CommandTransport } from '../linkage/command-sender';

/** A command as it went out. */
export interface PublishedCommand {
  topic: string;
  payload: Record<string, unknown>;
}

/**
 * A broker in memory for linkage tests: records what is published and, per topic, answers the way
 * the device would (`answer`), or stays silent (a device that never answers: a timeout).
 */
export class CommandTransportDouble implements CommandTransport {
  readonly published: PublishedCommand[] = [];
  private readonly listeners = new Map<string, Set<(payload: Uint8Array) => void>>();
  /** Topic of a command → the answer to publish, and on which topic. */
  private readonly answers = new Map<
    string,
    (command: Record<string, unknown>) => { topic: string; payload: unknown }
  >();

  /** Answers every command published on `topic`. */
  answer(
    topic: string,
    reply: (command: Record<string, unknown>) => { topic: string; payload: unknown },
  ): void {
    this.answers.set(topic, reply);
  }

  get listening(): number {
    return [...this.listeners.values()].reduce((n, set) => n + set.size, 0);
  }

  async publish(topic: string, payload: string): Promise<void> {
    const command = JSON.parse(payload) as Record<string, unknown>;
    this.published.push({ topic, payload: command });
    const reply = this.answers.get(topic)?.(command);
    if (reply === undefined) return;
    const bytes = new TextEncoder().encode(JSON.stringify(reply.payload));
    setImmediate(() => {
      for (const listener of this.listeners.get(reply.topic) ?? []) listener(bytes);
    });
  }

  async subscribe(topic: string, onMessage: (payload: Uint8Array) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(topic);
    if (set === undefined) this.listeners.set(topic, (set = new Set()));
    set.add(onMessage);
    return async () => void set.delete(onMessage);
  }
}
