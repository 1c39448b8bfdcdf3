/**
 * The gateway's message ids (`<GATEWAY_ID>:<start>:<n>`): unique across the gateway's restarts
 * (the start time in base 36) and across gateways (GATEWAY_ID), so that the alert service counts a
 * message delivered twice, or read by two replicas, once (docs/operations.md, "Replicas").
 */
export class MessageIds {
  private readonly prefix: string;
  private n = 0;

  constructor(gatewayId: string, startedAt: number = Date.now()) {
    this.prefix = `${gatewayId}:${startedAt.toString(36)}:`;
  }

  next(): string {
    return `${this.prefix}${++this.n}`;
  }
}
