import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditAction } from '../domain/audit';
import { AUDIT_MAX_LIMIT, type AuditCursor } from '../db/audit-repository';

/** ISO 8601 (with a zone) or epoch milliseconds, as GET /api/telemetry takes them → epoch ms. */
const instant = z
  .string()
  .trim()
  .min(1)
  .transform((text, ctx) => {
    const epoch = /^\d+$/.test(text);
    const ms = epoch ? Number(text) : Date.parse(text);
    if (!Number.isFinite(ms) || (!epoch && !/(Z|[+-]\d\d:?\d\d)$/i.test(text))) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected ISO 8601 with a zone (2026-11-28T10:00:00Z) or epoch milliseconds',
      });
      return z.NEVER;
    }
    return ms;
  });

/** The families of actions (`auth`, `hazard`, …): `?action=hazard` means every `hazard.*`. */
export const AUDIT_ACTION_FAMILIES = [...new Set(AUDIT_ACTIONS.map((a) => a.split('.')[0] ?? a))];

/** The actions an `action` filter names: itself, or every action of a family. */
export function actionsMatching(filter: string): AuditAction[] {
  return AUDIT_ACTIONS.filter((a) => a === filter || a.startsWith(`${filter}.`));
}

const CURSOR = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\|(\d{1,18})$/;

/** An opaque page cursor: the last entry of a page (base64url of `at|seq`). */
export function encodeCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.at}|${cursor.seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(text: string): AuditCursor | undefined {
  const m = CURSOR.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!m?.[1] || !m[2]) return undefined;
  return { at: m[1], seq: Number(m[2]) };
}

/** Default page size of the JSON answer; the CSV takes everything up to AUDIT_MAX_LIMIT. */
export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 1000;

export const auditQuerySchema = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    actor: z.string().trim().min(1).max(200).optional(),
    action: z
      .string()
      .trim()
      .refine((a) => actionsMatching(a).length > 0, {
        message: `expected an action (${AUDIT_ACTIONS.join(', ')}) or a family (${AUDIT_ACTION_FAMILIES.join(', ')})`,
      })
      .optional(),
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    target: z.string().trim().min(1).max(500).optional(),
    /** JSON: 1 … 1000, default 100; CSV: 1 … 10,000, default 10,000. */
    limit: z.coerce.number().int().min(1).max(AUDIT_MAX_LIMIT).optional(),
    /** `nextCursor` of the previous page. */
    cursor: z
      .string()
      .trim()
      .max(200)
      .transform((text, ctx) => {
        const decoded = decodeCursor(text);
        if (decoded === undefined) {
          ctx.addIssue({ code: 'custom', message: 'not a cursor of this API: pass nextCursor as it came' });
          return z.NEVER;
        }
        return decoded;
      })
      .optional(),
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    message: 'from must be before to',
    path: ['to'],
  });
export type AuditQueryParams = z.infer<typeof auditQuerySchema>;
