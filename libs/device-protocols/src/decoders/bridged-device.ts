import type { Device } from '../model/device';
import type { DecodeSuccess } from './decode-result';
import { quoteForDetail } from './json-shape';

/**
 * The outcome for a well-formed message about a device no `via` in the sites file names:
 * not malformed (bridges know more devices than a school declares), but flagged in `ignored`.
 */
export function undeclaredBridgedDevice(bridge: Device, nameKind: string, name: string): DecodeSuccess {
  return {
    ok: true,
    messages: [],
    ignored: `no device declares ${nameKind} ${quoteForDetail(name)} on bridge ${bridge.id}`,
  };
}
