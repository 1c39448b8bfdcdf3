import type { Device } from '../model/device';
import { undeclaredBridgedDevice } from './bridged-device';
import type { DecodeContext } from './decode-context';
import { decoded, rejected, type DecodeResult } from './decode-result';
import { parseFrigateEventMessage } from './frigate-event-message';
import { frigateEventsFor } from './frigate-event-rules';
import { quoteForDetail } from './json-shape';
import { decodePayloadText, parseJsonPayload } from './payload-text';

/** `frigate/available` words: `stopped` is a clean shutdown, offline all the same. */
const AVAILABLE_WORDS: ReadonlyMap<string, boolean> = new Map([
  ['online', true],
  ['offline', false],
  ['stopped', false],
]);

/**
 * Decodes a message a Frigate NVR published under its base topic; `subtopic` is the topic after
 * `{baseTopic}/`. Only `available` (the NVR itself) and `events` (tracked objects on cameras,
 * resolved through `ctx.resolveVia(nvr.id, camera)`) carry data. Every other topic — `reviews`,
 * `tracked_object_update`, `stats`, `{camera}/motion`, object counts, JPEG snapshots — decodes to
 * nothing without reading the payload.
 */
export function decodeFrigate(
  nvr: Device,
  subtopic: string,
  payload: Uint8Array,
  ctx: DecodeContext,
  maxBytes: number,
): DecodeResult {
  if (subtopic === 'available') return decodeFrigateAvailable(nvr, payload, ctx, maxBytes);
  if (subtopic === 'events') return decodeFrigateEvents(nvr, payload, ctx, maxBytes);
  return decoded([]);
}

function decodeFrigateAvailable(
  nvr: Device,
  payload: Uint8Array,
  ctx: DecodeContext,
  maxBytes: number,
): DecodeResult {
  const text = decodePayloadText(payload, maxBytes);
  if (!text.ok) return text;
  const word = text.text.trim();
  const online = AVAILABLE_WORDS.get(word);
  if (online === undefined) {
    return rejected(
      'wrong_type',
      `payload: expected "online", "offline" or "stopped", got ${quoteForDetail(word)}`,
    );
  }
  return decoded([{ kind: 'availability', device: nvr.id, ts: ctx.now, online }]);
}

function decodeFrigateEvents(
  nvr: Device,
  payload: Uint8Array,
  ctx: DecodeContext,
  maxBytes: number,
): DecodeResult {
  const json = parseJsonPayload(payload, maxBytes);
  if (!json.ok) return json;
  const parsed = parseFrigateEventMessage(json.value);
  if (!parsed.ok) return parsed;
  const cameraName = parsed.message.after.camera;
  const camera = ctx.resolveVia(nvr.id, cameraName);
  if (!camera) return undeclaredBridgedDevice(nvr, 'frigate camera', cameraName);
  return decoded(frigateEventsFor(parsed.message, camera, ctx));
}
