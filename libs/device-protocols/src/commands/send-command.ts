import type { CommandRequest } from './command-channel';

/**
 * The broker a device is on, as the one who sends sees it (the all-in-one's alert service, or an
 * edge gateway relaying a command: the embedded broker's command port): publish, listen for the answer.
 */
export interface CommandTransport {
  publish(topic: string, payload: string): Promise<void>;
  /** Calls `onMessage` with each message on exactly `topic` until the returned function is called. */
  subscribe(topic: string, onMessage: (payload: Uint8Array) => void): Promise<() => Promise<void>>;
}

export type SendOutcome =
  { result: 'acknowledged' } | { result: 'failed'; error: string } | { result: 'timeout' };

/**
 * Publishes the command and waits for its answer: listening starts before publishing, so a quick
 * device is not missed; no answer within `timeoutMs` is a timeout. Never rejects. The one place
 * that waits for a device: the all-in-one's alert service and an edge gateway both use it.
 */
export async function sendCommand(
  transport: CommandTransport,
  request: CommandRequest,
  timeoutMs: number,
): Promise<SendOutcome> {
  let settle!: (outcome: SendOutcome) => void;
  const outcome = new Promise<SendOutcome>((resolve) => (settle = resolve));
  let unsubscribe: (() => Promise<void>) | undefined;
  const timer = setTimeout(() => settle({ result: 'timeout' }), timeoutMs);
  try {
    unsubscribe = await transport.subscribe(request.answerTopic, (payload) => {
      const answer = request.readAnswer(payload);
      if (answer === undefined) return;
      settle(answer.ok ? { result: 'acknowledged' } : { result: 'failed', error: answer.error });
    });
    await transport.publish(request.topic, request.payload);
  } catch (err) {
    settle({ result: 'failed', error: `not sent: ${err instanceof Error ? err.message : String(err)}` });
  }
  const result = await outcome;
  clearTimeout(timer);
  await unsubscribe?.().catch(() => undefined);
  return result;
}
