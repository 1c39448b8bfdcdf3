import { toHex } from './address';

/**
 * GB 18030 text (部件说明, 配置说明). Node's TextDecoder knows `gb18030` when built with full ICU
 * (the default, and this project's Node 20). A runtime without it gets the hex instead of a
 * crash, marked so nobody mistakes it for text.
 */
const decoder = createDecoder();

function createDecoder(): { decode(input: Uint8Array): string } | undefined {
  try {
    return new TextDecoder('gb18030');
  } catch {
    return undefined;
  }
}

/** The text up to the first NUL, without the space padding of fixed-width fields. */
export function decodeGb18030Field(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  const text = nul >= 0 ? bytes.subarray(0, nul) : bytes;
  if (!decoder) return `gb18030:${toHex(text)}`;
  return decoder.decode(text).trim();
}
