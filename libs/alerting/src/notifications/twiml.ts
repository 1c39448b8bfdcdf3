/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * TwiML for a voice notification: the text is said twice in Mandarin (docs/alerting.md:
 * `<Say language="zh-CN">`) with a pause between, so someone who picks up late still hears it.
 */
export function voiceTwiml(text: string, language = 'zh-CN'): string {
  const say = `<Say language="${escapeXml(language)}">${escapeXml(text)}</Say>`;
  return `<Response>${say}<Pause length="1"/>${say}</Response>`;
}
