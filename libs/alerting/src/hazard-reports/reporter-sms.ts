import { HAZARD_REPORT_CATEGORY_LABELS, type HazardReportCategory } from '@campus/api-contract';

/**
 * The E.164 number in what a public reporter left as their contact, or undefined when it is no
 * phone number (a name, an e-mail: then nobody is texted). A mainland mobile number (11 digits
 * from 13–19) gets +86; `0086…` becomes `+86…`; `+…` is kept. Spaces, dashes, dots and brackets
 * are ignored.
 */
export function reporterPhone(contact: string | null | undefined): string | undefined {
  const digits = contact?.replace(/[\s\-.()（）]/g, '') ?? '';
  if (/^1[3-9]\d{9}$/.test(digits)) return `+86${digits}`;
  if (/^(\+|00)861[3-9]\d{9}$/.test(digits)) return `+86${digits.slice(-11)}`;
  if (/^\+[1-9]\d{7,14}$/.test(digits)) return digits;
  if (/^00[1-9]\d{7,14}$/.test(digits)) return `+${digits.slice(2)}`;
  return undefined;
}

/**
 * The SMS to a public reporter once the hazard they reported is accepted (验收, closed): the
 * school and the kind of hazard, no internal ids, no names of staff.
 */
export function fixedSms(schoolName: string, category: HazardReportCategory): string {
  const what = HAZARD_REPORT_CATEGORY_LABELS[category]['zh-CN'];
  return `【平安校园】您反映的${schoolName}“${what}”隐患已整改完毕并通过验收。感谢您的参与！`;
}
