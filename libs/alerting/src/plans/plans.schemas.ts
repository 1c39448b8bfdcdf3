import { RESPONDER_MARKS, type Conforms, type DispatchBody as WireDispatchBody } from '@campus/api-contract';
import { z } from 'zod';

/** `POST /api/alerts/{id}/dispatches`: one of the answer's `people` ids. */
export const dispatchBodySchema = z.strictObject({ person: z.string().min(1).max(200) });
export type DispatchBody = Conforms<z.output<typeof dispatchBodySchema>, WireDispatchBody>;

/** The text fields of the phone page's form: the state to mark (optional when photos come alone). */
export const responderMarkFieldsSchema = z.object({
  state: z.enum(RESPONDER_MARKS, { error: `state one of: ${RESPONDER_MARKS.join(', ')}` }).optional(),
});

/** A step id or a token in a path: short, plain characters (anything else is not looked up). */
export const stepIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_:.-]{0,63}$/, { error: 'no such step' });
