import { isJsonObject } from '../decoders/json-shape';
import { nativeTopic } from '../topics/native-topic';
import type { CommandAnswer, CommandChannel } from './command-channel';

/**
 * Native devices: `{id, command, params, at}` on `campus/v1/{school}/{device}/command`; the
 * device answers `{id, ok, error?}` on `…/command/ack` (docs/protocol.md, "Commands to devices").
 */
export const nativeCommands: CommandChannel = ({ device }, command) => {
  const school = device.org.school;
  return {
    ok: true,
    request: {
      topic: nativeTopic(school, device.id, 'command'),
      payload: JSON.stringify({
        id: command.id,
        command: command.command,
        params: command.params,
        at: command.at,
      }),
      answerTopic: nativeTopic(school, device.id, 'command/ack'),
      readAnswer: (payload) => readAck(payload, command.id),
    },
  };
};

function readAck(payload: Uint8Array, id: string): CommandAnswer | undefined {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    return undefined;
  }
  if (!isJsonObject(value) || value['id'] !== id || typeof value['ok'] !== 'boolean') return undefined;
  if (value['ok']) return { ok: true };
  const error = value['error'];
  return { ok: false, error: typeof error === 'string' && error !== '' ? error : 'refused by the device' };
}
