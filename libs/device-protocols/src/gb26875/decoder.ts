import type { Device } from '../model/device';
import type { CanonicalMessage } from '../model/messages';
import { parseGb26875Adu } from './adu-parser';
import { gb26875Messages, type Gb26875DecodeContext } from './canonical-mapping';
import { GB26875_COMMAND, type Gb26875MalformedReason } from './constants';
import type { Gb26875Frame } from './frame';

export type Gb26875Decode =
  | {
      ok: true;
      messages: CanonicalMessage[];
      /** 发送数据 with an empty ADU: the transmitter's link check. */
      heartbeat: boolean;
      /** `confirm` for 发送数据 (send/confirm); `none` for 应答, 确认, 否认. */
      reply: 'confirm' | 'none';
      /** Why nothing was stored from a frame that carries data (unsupported ADU type, versions …). */
      note?: string;
    }
  /** Always answered with 否认. */
  | { ok: false; reason: Gb26875MalformedReason; detail: string };

/**
 * Decodes one checked frame from `device`, the fire_alarm_panel its source address names.
 * Pure; never throws.
 *
 * | command | meaning from a transmitter | outcome |
 * |---|---|---|
 * | 2 发送数据 | upload (empty ADU = heartbeat) | messages, reply 确认 |
 * | 5 应答 | answer to a query | messages, no reply |
 * | 3 确认, 6 否认 | answers to what the centre sent | nothing, no reply |
 * | 0, 1, 4, 7–255 | not sent by a transmitter to a centre | rejected (`unknown_command`), 否认 |
 *
 * An ADU whose length does not fit its type and count is rejected (`bad_adu`); an ADU type this
 * decoder does not know is accepted with nothing to store (a resend would not help).
 */
export function decodeGb26875Frame(
  device: Device,
  frame: Gb26875Frame,
  ctx: Gb26875DecodeContext,
): Gb26875Decode {
  switch (frame.command) {
    case GB26875_COMMAND.send:
    case GB26875_COMMAND.answer: {
      const reply = frame.command === GB26875_COMMAND.send ? 'confirm' : 'none';
      if (frame.adu.length === 0) return { ok: true, messages: [], heartbeat: true, reply };
      const parsed = parseGb26875Adu(frame.adu);
      if (!parsed.ok) return { ok: false, reason: 'bad_adu', detail: parsed.detail };
      if (!parsed.adu) {
        return {
          ok: true,
          messages: [],
          heartbeat: false,
          reply,
          note: `ADU type ${parsed.type} is not decoded`,
        };
      }
      const messages = gb26875Messages(device, frame, parsed.adu, ctx);
      return messages.length > 0
        ? { ok: true, messages, heartbeat: false, reply }
        : {
            ok: true,
            messages,
            heartbeat: false,
            reply,
            note: `ADU type ${parsed.adu.type} carries nothing to store`,
          };
    }
    case GB26875_COMMAND.confirm:
    case GB26875_COMMAND.deny:
      return { ok: true, messages: [], heartbeat: false, reply: 'none' };
    default:
      return {
        ok: false,
        reason: 'unknown_command',
        detail: `command byte ${frame.command} is not one a transmitter sends to a monitoring centre`,
      };
  }
}
