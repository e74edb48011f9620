import { z } from 'zod';

export const Uuid = z.uuid();
export const IdParams = z.object({ id: z.uuid() });
export const IsoDateTime = z.iso.datetime({ offset: true });
export const IsoDate = z.iso.date();
export const Pagination = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/**
 * Text safe to store and pass on: no NUL character (PostgreSQL refuses it in text) and no
 * unpaired UTF-16 surrogate (not encodable as UTF-8: silently replaced or refused downstream).
 */
export function isSafeText(s: string): boolean {
  return !s.includes('\u0000') && !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

export const UNSAFE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/** The platform's string: what `z.string()` accepts minus NUL and unpaired surrogates. */
export const SafeText = z.string().refine(isSafeText, UNSAFE_TEXT_MESSAGE);

/**
 * Every unsafe string anywhere in a request's body, query or params (keys included), with its
 * path: the validation pipe refuses them before any contract schema runs, so no DTO can let one
 * through by declaring a plain `z.string()`.
 */
export function unsafeTextPaths(value: unknown, path: readonly (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return isSafeText(value) ? [] : [[...path]];
  if (Array.isArray(value)) return value.flatMap((v, i) => unsafeTextPaths(v, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      isSafeText(k) ? unsafeTextPaths(v, [...path, k]) : [[...path, JSON.stringify(k).slice(1, -1)]],
    );
  }
  return [];
}
