import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { UNSAFE_TEXT_MESSAGE, unsafeTextPaths } from '../contracts/common-schemas';
import { AppError } from '../errors/app-error';
import { validationError } from '../errors/problem';

/** Where a request's part comes from, as field errors name it (`body.email`, `params.id`). */
export type RequestPart = 'params' | 'query' | 'body';

/**
 * Validates one part of a request with a contract schema; 400 problem+json names the field.
 * Strings with a NUL or an unpaired surrogate are refused first, wherever they are.
 */
export function parseRequestPart<S extends z.ZodType>(schema: S, where: RequestPart, value: unknown): z.output<S> {
  const unsafe = unsafeTextPaths(value);
  if (unsafe.length > 0) {
    const errors = unsafe.map((p) => ({ field: [where, ...p].join('.'), message: UNSAFE_TEXT_MESSAGE }));
    throw new AppError('VALIDATION_FAILED', `${errors[0]?.field}: ${UNSAFE_TEXT_MESSAGE}`, { errors });
  }
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}

/** A Nest pipe over `parseRequestPart`, for handlers outside a route contract (tests' stand-ins). */
@Injectable()
export class ZodPipe<S extends z.ZodType> implements PipeTransform {
  constructor(private readonly schema: S) {}

  transform(value: unknown, metadata: ArgumentMetadata): z.infer<S> {
    const where = metadata.type === 'param' ? 'params' : metadata.type === 'query' ? 'query' : 'body';
    return parseRequestPart(this.schema, where, value);
  }
}

export function zod<S extends z.ZodType>(schema: S): ZodPipe<S> {
  return new ZodPipe(schema);
}
