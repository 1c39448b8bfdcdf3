/**
 * Admission control for telemetry publishes: at most `maxInFlight` are being stored and forwarded at
 * once; the rest wait, unacknowledged. aedes reads a connection's next packets only once the
 * current ones are done, so a waiting publish stops the broker reading from its connection: for
 * QoS 1 the withheld PUBACK is the back-pressure. Whatever the offered load, the work queued
 * behind the broker stays bounded (and with it memory and the depth of mqemitter's callback
 * chains, which overflowed the stack before).
 *
 * Waiting publishes are admitted round-robin by client, so under overload each connection gets an
 * equal share: the ones that send most wait most, a device that sends one reading a minute is
 * hardly delayed. Alarms never come here (see IngestPipeline).
 */
export class PublishGate {
  private inFlight = 0;
  private waitingCount = 0;
  /** Waiters by client; the Map's order is the round-robin ring. */
  private readonly queues = new Map<string, (() => void)[]>();

  constructor(readonly maxInFlight: number) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
      throw new Error(`PublishGate: maxInFlight must be a positive integer, got ${maxInFlight}`);
  }

  /** Publishes admitted and not yet left. */
  get active(): number {
    return this.inFlight;
  }

  /** Publishes waiting for admission. */
  get waiting(): number {
    return this.waitingCount;
  }

  /** Whether a publish arriving now would have to wait. */
  get full(): boolean {
    return this.inFlight >= this.maxInFlight;
  }

  /**
   * Admits a publish of `client`: `undefined` when admitted at once (the common case costs no
   * promise), else a promise that resolves on admission. Every admission must be paired with one
   * `leave()`.
   */
  enter(client: string): Promise<void> | undefined {
    if (this.inFlight < this.maxInFlight && this.waitingCount === 0) {
      this.inFlight += 1;
      return undefined;
    }
    return new Promise<void>((resolve) => {
      let queue = this.queues.get(client);
      if (!queue) {
        queue = [];
        this.queues.set(client, queue);
      }
      queue.push(resolve);
      this.waitingCount += 1;
    });
  }

  leave(): void {
    this.inFlight -= 1;
    while (this.inFlight < this.maxInFlight && this.waitingCount > 0) this.admitNext();
  }

  private admitNext(): void {
    const first = this.queues.entries().next();
    if (first.done) return;
    const [client, queue] = first.value;
    const resolve = queue.shift()!;
    this.queues.delete(client);
    // the client goes to the back of the ring if it has more waiting
    if (queue.length > 0) this.queues.set(client, queue);
    this.waitingCount -= 1;
    this.inFlight += 1;
    resolve();
  }
}
