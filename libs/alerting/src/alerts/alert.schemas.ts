import type { AckBody as WireAckBody, Conforms, ResolveBody as WireResolveBody } from '@campus/api-contract';
import { z } from 'zod';
import { ALERT_STATUSES, DISPOSITIONS } from '../domain/alert';

const note = z.string().trim().min(1).max(2000).optional();

export const alertListQuerySchema = z.object({ status: z.enum(ALERT_STATUSES).optional() });
export type AlertListQueryParams = z.infer<typeof alertListQuerySchema>;

/** `POST /api/alerts/:id/ack`: the body may be absent. */
export const ackBodySchema = z.object({ note }).optional().default({});
export type AckBody = Conforms<z.infer<typeof ackBodySchema>, WireAckBody>;

export const resolveBodySchema = z.object({ disposition: z.enum(DISPOSITIONS), note });
export type ResolveBody = Conforms<z.infer<typeof resolveBodySchema>, WireResolveBody>;
