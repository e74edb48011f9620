import { AppError } from '@coordina/platform';
import type { BasketRefusal } from '../domain/basket.rules';

/**
 * The error a buyer gets for a basket the rules refuse (BasketRules.overLimit, .refusal): the
 * rules name the registered code, this only dresses it as problem+json (a field at fault is
 * named in the detail and in `errors`).
 */
export function basketError(refusal: BasketRefusal): AppError {
  const { error, message, field } = refusal;
  if (!field) return new AppError(error, message);
  return new AppError(error, `${field}: ${message}`, { errors: [{ field, message }] });
}
