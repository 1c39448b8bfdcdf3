import { BadRequestException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

export interface ValidationDetail {
  /** Dotted path into the input (`items.0.note`); empty for the input as a whole. */
  path: string;
  message: string;
}

const WHAT: Record<ArgumentMetadata['type'], string> = {
  body: 'invalid request body',
  query: 'invalid query parameters',
  param: 'invalid path parameter',
  custom: 'invalid input',
};

/** zod's issues as `{path, message}` pairs. */
export function validationDetails(issues: readonly z.core.$ZodIssue[]): ValidationDetail[] {
  return issues.map((i) => ({ path: i.path.map((k) => String(k)).join('.'), message: i.message }));
}

/**
 * Validates one handler argument with a zod schema and hands the handler the parsed value:
 * `@Body(new ZodValidationPipe(schema)) body: z.infer<typeof schema>`.
 * Invalid input → 400 `{error, details: [{path, message}]}` (HttpErrorsFilter sends it as is).
 */
export class ZodValidationPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly schema: z.ZodType<T>) {}

  transform(value: unknown, metadata: ArgumentMetadata): T {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new BadRequestException({
      error: WHAT[metadata.type],
      details: validationDetails(parsed.error.issues),
    });
  }
}
